import { dispatch, ExitCode } from '@wardwatch/contracts/cli';
import { analyzeCommand } from './commands/analyze.js';
import { discoverCommand } from './commands/discover.js';
import { modelsCommand } from './commands/models.js';
import { probeCommand } from './commands/probe.js';
import { runCommand } from './commands/run.js';
import { snapshotCommand } from './commands/snapshot.js';
import { validateCommand } from './commands/validate.js';

const commands = [runCommand, analyzeCommand, probeCommand, snapshotCommand, discoverCommand, validateCommand, modelsCommand];

export async function runCli(argv: string[]): Promise<number> {
  try {
    return await dispatch('edge-agent', 'WardWatch edge agent: cameras in, violations out', commands, argv);
  } catch (error) {
    // parseArgs and other usage errors carry a code; anything else is a bug worth its stack.
    const code = (error as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`edge-agent: ${(error as Error).message}\n`);
      return ExitCode.usage;
    }
    process.stderr.write(`edge-agent: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.failure;
  }
}
