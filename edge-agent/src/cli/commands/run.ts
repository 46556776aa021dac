import { parseArgs } from 'node:util';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { ConfigError, loadAgentConfig } from '../../config/index.js';
import { createLogger } from '../../log/logger.js';
import { createRegistry } from '../../metrics/registry.js';
import type { DeliveryStep } from '../../publish/outbox-publisher.js';
import { AgentRuntime, RuntimeConfigError } from '../../runtime/agent-runtime.js';
import { ProcessSignals } from '../../runtime/process-lifecycle.js';

/**
 * Fault injection for the crash tests only: the process SIGKILLs itself right after this delivery
 * step, which is the only way to hit the exact moment a power cut would.
 */
const KILL_AFTER_STEP_ENV = 'WARDWATCH_TEST_KILL_AFTER_STEP';
const deliverySteps: readonly DeliveryStep[] = ['uploaded', 'enqueued', 'marked'];

export const runCommand: Command = {
  name: 'run',
  summary: 'Run every configured camera: ingest, detection, rules, evidence and delivery',
  help: `Usage: edge-agent run --config FILE [--http-port PORT]

Runs the agent: for every camera of the config a supervised ffmpeg (restarted with backoff when
the stream drops) that records segments and feeds the shared detector (YOLOX-Nano, one session
per core unless detector.workers says otherwise); tracking and the zone rules turn detections
into violations; each violation gets a clip and an annotated snapshot, is written to the outbox
on disk (agent.dataDir/outbox, or outbox.dir) and then delivered: media to the console, the job
to its BullMQ queue. Heartbeats with every camera's state go out every agent.heartbeatSeconds.

HTTP endpoint on agent.httpHost:agent.httpPort (default 127.0.0.1:9464): /metrics
(Prometheus), /healthz, /status (cameras, config version, delivery state).

Delivery settings (environment wins over the file):
  console.url    WARDWATCH_CONSOLE_URL   the review console
  console.token  WARDWATCH_AGENT_TOKEN   printed by: review-console agents add --id ID --ward W
  redis.url      REDIS_URL               the console's Redis (redis:// or rediss://)
  redis.prefix                           BullMQ prefix, as the console's QUEUE_PREFIX (default bull)
Without a console section the agent still watches every camera and keeps each violation in
the outbox (logged as "delivery is OFF"); they are sent after a restart with delivery set.
A console without a token or without Redis is a mistake and the agent refuses to start.

Signals:
  SIGTERM, SIGINT  stop gracefully: no new frames; ffmpeg stops cleanly (q, then SIGTERM,
                   then SIGKILL) and closes its last segment; evidence in progress is cut from
                   the footage there is and written to the outbox; delivery, heartbeats and the
                   detector stop; exit 0. A second signal kills ffmpeg and exits at once (130).
  SIGHUP           reload FILE. Cameras that were added, removed or changed restart; all
                   others keep running untouched. A file with problems is not applied: each
                   problem is logged and the previous config keeps running. Other sections
                   (agent, console, redis, model, detector, evidence, outbox) apply at the next
                   start. /status and heartbeats show the configVersion that is running.

Exit codes: 0 stopped by a signal, 1 failed to start, 2 bad usage or config, 130 forced.

Example:
  WARDWATCH_AGENT_TOKEN=... REDIS_URL=redis://console-host:6379 \\
    edge-agent run --config /etc/wardwatch/agent.yaml`,
  async run(args) {
    const { values } = parseArgs({ args, options: { config: { type: 'string', short: 'c' }, 'http-port': { type: 'string' } }, strict: true });
    if (!values.config) {
      process.stderr.write('run: --config FILE is required\n');
      return ExitCode.usage;
    }
    const httpPort = values['http-port'] === undefined ? undefined : Number(values['http-port']);
    if (httpPort !== undefined && !(Number.isInteger(httpPort) && httpPort >= 0 && httpPort <= 65_535)) {
      process.stderr.write('run: --http-port must be a port number\n');
      return ExitCode.usage;
    }
    let config;
    try {
      config = await loadAgentConfig(values.config);
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        return ExitCode.usage;
      }
      throw error;
    }
    const logger = createLogger();
    const signals = new ProcessSignals(values.config, logger);
    const killAfter = process.env[KILL_AFTER_STEP_ENV] as DeliveryStep | undefined;
    let runtime: AgentRuntime;
    try {
      runtime = await AgentRuntime.start({
        config,
        registry: createRegistry({ defaultMetrics: true }),
        logger,
        ...(httpPort !== undefined ? { httpPort } : {}),
        ...(killAfter && deliverySteps.includes(killAfter)
          ? {
              afterDeliveryStep: (step: DeliveryStep) => {
                if (step === killAfter) process.kill(process.pid, 'SIGKILL');
              },
            }
          : {}),
      });
    } catch (error) {
      signals.detach();
      if (error instanceof RuntimeConfigError) {
        process.stderr.write(`${values.config}: ${error.message}\n`);
        return ExitCode.usage;
      }
      logger.error({ err: error }, 'agent failed to start');
      return ExitCode.failure;
    }
    signals.attach(runtime);
    return signals.untilStopped();
  },
};
