import { dispatch, ExitCode } from '@wardwatch/contracts/cli';
import { agentsCommand } from './commands/agents.js';
import { mediaCommand } from './commands/media.js';
import { migrateCommand } from './commands/migrate.js';
import { seedCommand } from './commands/seed.js';
import { serveCommand } from './commands/serve.js';
import { usersCommand } from './commands/users.js';
import { wardsCommand } from './commands/wards.js';
import { workerCommand } from './commands/worker.js';

const commands = [serveCommand, workerCommand, usersCommand, wardsCommand, agentsCommand, seedCommand, migrateCommand, mediaCommand];

export async function runCli(argv: string[]): Promise<number> {
  try {
    return await dispatch('review-console', 'WardWatch review console: violations in, decisions out', commands, argv);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`review-console: ${(error as Error).message}\n`);
      return ExitCode.usage;
    }
    process.stderr.write(`review-console: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.failure;
  }
}
