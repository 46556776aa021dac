import { notBuiltYet, type Command } from '@wardwatch/contracts/cli';

export const seedCommand: Command = {
  name: 'seed',
  summary: 'Create demo wards and users (seed --demo)',
  help: `Usage: review-console seed ...

Create demo wards and users (seed --demo). Not built yet.`,
  run: notBuiltYet('seed', 'Review console backend'),
};
