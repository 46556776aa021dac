import { notBuiltYet, type Command } from '@wardwatch/contracts/cli';

export const usersCommand: Command = {
  name: 'users',
  summary: 'Manage users (users add --username U --role R --ward W --password-stdin)',
  help: `Usage: review-console users ...

Manage users (users add --username U --role R --ward W --password-stdin). Not built yet.`,
  run: notBuiltYet('users', 'Review console backend'),
};
