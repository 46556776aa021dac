import { notBuiltYet, type Command } from '@wardwatch/contracts/cli';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Run the BullMQ worker that stores violations and heartbeats',
  help: `Usage: review-console worker ...

Run the BullMQ worker that stores violations and heartbeats. Not built yet.`,
  run: notBuiltYet('worker', 'Review console backend'),
};
