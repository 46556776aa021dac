import { notBuiltYet, type Command } from '@wardwatch/contracts/cli';

export const wardsCommand: Command = {
  name: 'wards',
  summary: 'Manage wards and districts (wards add --id W --name N [--district D])',
  help: `Usage: review-console wards ...

Manage wards and districts (wards add --id W --name N [--district D]). Not built yet.`,
  run: notBuiltYet('wards', 'Review console backend'),
};
