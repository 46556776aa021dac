import { parseArgs } from 'node:util';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { ConfigError } from '../../config/index.js';
import { ConfigSync } from '../../console-link/config-sync.js';
import { EnrolmentError } from '../../console-link/enrolment.js';
import { ProbeRunner } from '../../console-link/probe-runner.js';
import { planStart, StartUsageError, type StartPlan } from '../../console-link/start-plan.js';
import { createLogger } from '../../log/logger.js';
import { createRegistry } from '../../metrics/registry.js';
import type { DeliveryStep } from '../../publish/outbox-publisher.js';
import { AgentRuntime, RuntimeConfigError } from '../../runtime/agent-runtime.js';
import { ConfigReloader } from '../../runtime/config-reloader.js';
import { ProcessSignals } from '../../runtime/process-lifecycle.js';

/** What tests may add to a real `run` (test/run/agent-main.ts): nothing a user can reach. */
export interface RunHooks {
  /** Called between the delivery steps (the crash tests SIGKILL the process there). */
  afterDeliveryStep?: (step: DeliveryStep, violationId: string) => void | Promise<void>;
}

export const runCommand: Command = runCommandWith({});

export function runCommandWith(hooks: RunHooks): Command {
  return {
    name: 'run',
    summary: 'Run every configured camera: ingest, detection, rules, evidence and delivery',
    help: `Usage: edge-agent run --config FILE [--http-port PORT]
       edge-agent run --console URL --enrol TOKEN [--config FILE] [--data-dir DIR]
       edge-agent run [--config FILE] [--data-dir DIR]          (enrolled before)

Runs the agent: for every camera a supervised ffmpeg (restarted with backoff when the stream
drops) that records segments and feeds the shared detector (YOLOX-Nano, one session per core
unless detector.workers says otherwise); tracking and the zone rules turn detections into
violations; each violation gets a clip and an annotated snapshot, is written to the outbox on
disk (agent.dataDir/outbox, or outbox.dir) and then delivered: media to the console, the job to
its BullMQ queue. Heartbeats with every camera's state go out every agent.heartbeatSeconds.

Where the cameras come from:
  A FILE WITH cameras   that file (offline sites, or set up by hand). It wins over any console:
                        cameras from the console are not used (logged at start).
  A CONSOLE             otherwise. Enrol once with the console URL and the one-time token an
                        installer created in the console (Agents): the agent saves its identity
                        and own token in DATA_DIR/enrolment.json (mode 0600) and later starts
                        need neither flag. It then asks the console every console.syncSeconds
                        (2 s) for its cameras and zones and applies each new version at once:
                        only cameras whose stream settings changed restart; an edit of zones, a
                        name or motion settings keeps the stream running. The last version
                        applied is kept in DATA_DIR/managed-config.json (mode 0600), so a start
                        while the console is down runs it. A version with problems is refused,
                        each problem logged, and the previous one keeps running. A freshly
                        enrolled agent runs with no camera until the console has some. FILE may
                        still give the agent's own settings (agent.httpPort, httpHost, dataDir,
                        heartbeatSeconds, model, detector, evidence, outbox, console.syncSeconds).
                        The agent also runs the camera probes installers ask for in the console
                        (codec, size, a full-size snapshot).

Options:
  --config, -c FILE   the YAML config (see above)
  --console URL       the review console (env WARDWATCH_CONSOLE_URL); no user:password in it
  --enrol TOKEN       the one-time enrolment token (env WARDWATCH_ENROL_TOKEN); a new one
                      replaces the saved enrolment
  --data-dir DIR      where segments, the outbox and the enrolment live (default agent.dataDir
                      of FILE, else ./data/agent)
  --http-port PORT    overrides agent.httpPort (0: any free port)

HTTP endpoint on agent.httpHost:agent.httpPort (default 127.0.0.1:9464): /metrics
(Prometheus), /healthz, /status (cameras, config version, delivery state, console link).

Delivery settings (environment wins over the file; a managed agent gets redis from the console):
  console.url    WARDWATCH_CONSOLE_URL   the review console
  console.token  WARDWATCH_AGENT_TOKEN   printed by: review-console agents add --id ID --ward W
  redis.url      REDIS_URL               the console's Redis (redis://, rediss:// or redis+sentinel://)
  redis.prefix                           BullMQ prefix, as the console's QUEUE_PREFIX (default bull)
Without a console section the agent still watches every camera and keeps each violation in
the outbox (logged as "delivery is OFF"); they are sent after a restart with delivery set.
A console without a token or without Redis is a mistake and the agent refuses to start (a
managed agent instead waits for the console to send its Redis).

Config version (/status, heartbeats): "vN" while the console's version N runs, else a
content hash of the file.

Signals:
  SIGTERM, SIGINT  stop gracefully: no new frames; ffmpeg stops cleanly (q, then SIGTERM,
                   then SIGKILL) and closes its last segment; evidence in progress is cut from
                   the footage there is and written to the outbox; delivery, heartbeats and the
                   detector stop; exit 0. A second signal kills ffmpeg and exits at once (130).
  SIGHUP           a file with cameras: reload FILE. Cameras that were added, removed or whose
                   stream changed restart; zone, name and motion edits apply without a restart;
                   all others keep running untouched. A file with problems is not applied: each
                   problem is logged and the previous config keeps running. console and redis
                   apply at once; other sections (agent, model, detector, evidence, outbox) at
                   the next start. A managed agent asks the console at once instead.

Exit codes: 0 stopped by a signal, 1 failed to start (enrolment refused, console unreachable
while enrolling), 2 bad usage or config, 130 forced.

Examples:
  edge-agent run --console https://console.ward.vn --enrol 3kY...Q --data-dir /var/lib/wardwatch
  WARDWATCH_AGENT_TOKEN=... REDIS_URL=redis://console-host:6379 \\
    edge-agent run --config /etc/wardwatch/agent.yaml`,
    run: (args) => runAgent(args, hooks),
  };
}

async function runAgent(args: string[], hooks: RunHooks): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', short: 'c' }, 'http-port': { type: 'string' }, console: { type: 'string' }, enrol: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  const httpPort = values['http-port'] === undefined ? undefined : Number(values['http-port']);
  if (httpPort !== undefined && !(Number.isInteger(httpPort) && httpPort >= 0 && httpPort <= 65_535)) {
    process.stderr.write('run: --http-port must be a port number\n');
    return ExitCode.usage;
  }
  const logger = createLogger();
  let plan: StartPlan;
  try {
    plan = await planStart({ configPath: values.config, consoleUrl: values.console, enrolmentToken: values.enrol, dataDir: values['data-dir'], env: process.env, logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return ExitCode.usage;
    }
    if (error instanceof StartUsageError) {
      process.stderr.write(`run: ${error.message}\n`);
      return ExitCode.usage;
    }
    if (error instanceof EnrolmentError) {
      process.stderr.write(`run: ${error.message}\n`);
      return ExitCode.failure;
    }
    throw error;
  }
  const signals = new ProcessSignals(logger);
  let sync: ConfigSync | undefined;
  let runtime: AgentRuntime;
  try {
    runtime = await AgentRuntime.start({
      config: plan.config,
      registry: createRegistry({ defaultMetrics: true }),
      logger,
      managed: plan.managed,
      ...(plan.configVersion !== undefined ? { configVersion: plan.configVersion } : {}),
      statusExtras: () => (sync ? { console: sync.status() } : {}),
      onFatal: (error) => signals.fail(error),
      ...(httpPort !== undefined ? { httpPort } : {}),
      ...(hooks.afterDeliveryStep ? { afterDeliveryStep: hooks.afterDeliveryStep } : {}),
    });
    if (plan.link) {
      const link = plan.link;
      sync = new ConfigSync({ ...link, target: runtime, probes: new ProbeRunner({ client: link.client, logger, fileInputs: link.fileInputs }), logger });
      await runtime.attach(sync);
    }
  } catch (error) {
    signals.detach();
    if (error instanceof RuntimeConfigError) {
      process.stderr.write(`${values.config ?? 'run'}: ${error.message}\n`);
      return ExitCode.usage;
    }
    logger.error({ err: error }, 'agent failed to start');
    return ExitCode.failure;
  }
  const reloadLocal = plan.reloadLocal;
  const managedSync = sync;
  signals.attach(
    runtime,
    reloadLocal && values.config
      ? new ConfigReloader(values.config, reloadLocal, runtime, logger)
      : { request: () => managedSync?.syncNow(), settled: () => Promise.resolve() },
  );
  return signals.untilStopped();
}
