import { notBuiltYet, type Command } from '@wardwatch/contracts/cli';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the API and the web UI (and, by default, the worker)',
  help: `Usage: review-console serve ...

Serve the API and the web UI (and, by default, the worker). Not built yet.`,
  run: notBuiltYet('serve', 'Review console backend'),
};
