/*
 * `edge-agent` from the TypeScript sources, so the run tests never exercise a stale dist/. It is
 * also where the crash tests inject their fault, which the shipped CLI knows nothing of: with
 * WARDWATCH_TEST_KILL_AFTER_STEP=uploaded|enqueued|marked, `run` SIGKILLs itself right after that
 * delivery step, the only way to hit the exact moment a power cut would.
 */
import { dispatch } from '@wardwatch/contracts/cli';
import { runCommandWith } from '../../src/cli/commands/run.js';
import { runCli } from '../../src/cli/main.js';
import type { DeliveryStep } from '../../src/publish/outbox-publisher.js';

const steps: readonly string[] = ['uploaded', 'enqueued', 'marked'] satisfies DeliveryStep[];
const killAfter = process.env.WARDWATCH_TEST_KILL_AFTER_STEP;
const argv = process.argv.slice(2);

if (killAfter !== undefined && (!steps.includes(killAfter) || argv[0] !== 'run')) {
  process.stderr.write(`agent-main: WARDWATCH_TEST_KILL_AFTER_STEP=${killAfter} needs \`run\` and one of ${steps.join(', ')}\n`);
  process.exitCode = 2;
} else if (killAfter !== undefined) {
  const run = runCommandWith({
    afterDeliveryStep: (step) => {
      if (step === killAfter) process.kill(process.pid, 'SIGKILL');
    },
  });
  process.exitCode = await dispatch('edge-agent', 'WardWatch edge agent (crash test)', [run], argv);
} else {
  process.exitCode = await runCli(argv);
}
