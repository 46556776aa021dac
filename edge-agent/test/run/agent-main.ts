/* `edge-agent` from the TypeScript sources, so the run tests never exercise a stale dist/. */
import { runCli } from '../../src/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
