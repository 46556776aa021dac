import { notBuiltYet, type Command } from '@wardwatch/contracts/cli';

export const agentsCommand: Command = {
  name: 'agents',
  summary: 'Manage agent tokens (agents add --id A --ward W)',
  help: `Usage: review-console agents ...

Manage agent tokens (agents add --id A --ward W). Not built yet.`,
  run: notBuiltYet('agents', 'Review console backend'),
};
