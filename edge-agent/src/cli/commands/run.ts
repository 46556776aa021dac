import { notBuiltYet, type Command } from '@wardwatch/contracts/cli';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run every configured camera: ingest, detection, rules, evidence and delivery',
  help: `Usage: edge-agent run ...

Run every configured camera: ingest, detection, rules, evidence and delivery. Not built yet.`,
  run: notBuiltYet('run', 'Evidence and delivery'),
};
