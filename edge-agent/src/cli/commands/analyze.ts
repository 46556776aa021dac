import { notBuiltYet, type Command } from '@wardwatch/contracts/cli';

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Analyse a video file with the real pipeline and print the violations found',
  help: `Usage: edge-agent analyze ...

Analyse a video file with the real pipeline and print the violations found. Not built yet.`,
  run: notBuiltYet('analyze', 'Tracking and violation rules'),
};
