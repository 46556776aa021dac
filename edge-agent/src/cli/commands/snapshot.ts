import { notBuiltYet, type Command } from '@wardwatch/contracts/cli';

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'Save one JPEG frame from a camera URL',
  help: `Usage: edge-agent snapshot ...

Save one JPEG frame from a camera URL. Not built yet.`,
  run: notBuiltYet('snapshot', 'Edge agent: camera ingest'),
};
