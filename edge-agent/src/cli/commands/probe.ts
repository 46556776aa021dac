import { notBuiltYet, type Command } from '@wardwatch/contracts/cli';

export const probeCommand: Command = {
  name: 'probe',
  summary: 'Probe a camera URL: codec, size, fps, time to first frame',
  help: `Usage: edge-agent probe ...

Probe a camera URL: codec, size, fps, time to first frame. Not built yet.`,
  run: notBuiltYet('probe', 'Edge agent: camera ingest'),
};
