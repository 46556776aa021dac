import { createServer, type Server } from 'node:http';
import { parseArgs } from 'node:util';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { configOrThrow, reportUsage, UsageError } from '../command-context.js';
import { createLogger } from '../../log/logger.js';
import { createRegistry } from '../../metrics/console-metrics.js';
import { openConsoleRuntime } from '../../runtime/console-runtime.js';
import { waitForShutdownSignal } from '../../runtime/signals.js';
import { startConsoleWorker } from '../../worker/console-worker.js';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Run the BullMQ worker that stores violations and heartbeats',
  help: `Usage: review-console worker [--concurrency N] [--lock-seconds N] [--metrics-port N]

Consumes the "violations" and "heartbeats" queues: validates each job against the contract,
checks the agent and its uploaded evidence, and stores the case (once per violation id).
Needs REDIS_URL and QUEUE_PREFIX as the agents have them (default bull); uses the same
DATABASE_URL / WARDWATCH_DATA_DIR / WARDWATCH_MEDIA_URL (and S3_*) as serve. Run several on one
PostgreSQL for more throughput or for fail-over: each job goes to one of them. Stops taking jobs
on SIGTERM/SIGINT and finishes the ones in flight.

  --concurrency N    violation jobs in flight at once in this process, 1 to 256 (default 16):
                     hides the Redis and database round trips; SQLite still commits one at a time
  --lock-seconds N   2 to 600 (default 30): how long a job stays with a worker that stopped
                     answering (killed, frozen, cut off) before another worker takes it; shorter
                     recovers sooner, but a worker held up longer than that by a slow database
                     hands its job over and it is processed twice (stored once: a case is stored
                     once per violation id). Each job records which worker took it (host:pid).
  --metrics-port N   serve /metrics on HOST:N

Example:
  REDIS_URL=redis://127.0.0.1:6379 review-console worker`,
  async run(args) {
    try {
      const { values } = parseArgs({ args, options: { concurrency: { type: 'string' }, 'lock-seconds': { type: 'string' }, 'metrics-port': { type: 'string' } }, strict: true });
      const config = configOrThrow();
      if (!config.redisUrl) throw new UsageError('REDIS_URL is not set: the worker reads violations from Redis (e.g. REDIS_URL=redis://127.0.0.1:6379).');
      const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)) throw new UsageError('--concurrency must be a whole number from 1 to 256');
      const lockSeconds = values['lock-seconds'] === undefined ? undefined : Number(values['lock-seconds']);
      if (lockSeconds !== undefined && (!Number.isInteger(lockSeconds) || lockSeconds < 2 || lockSeconds > 600)) throw new UsageError('--lock-seconds must be a whole number from 2 to 600');
      const logger = createLogger({ level: config.logLevel });
      const registry = createRegistry({ defaultMetrics: true });
      const runtime = await openConsoleRuntime(config, registry, logger);
      let metricsServer: Server | undefined;
      try {
        const worker = await startConsoleWorker({ redisUrl: config.redisUrl, prefix: config.queuePrefix, concurrency, services: runtime.services, logger, ...(lockSeconds === undefined ? {} : { stalls: { lockMs: lockSeconds * 1_000, checkEveryMs: lockSeconds * 1_000 } }), retention: { everyMs: config.retention.everyMinutes * 60_000 } });
        if (values['metrics-port'] !== undefined) {
          metricsServer = createServer((req, res) => {
            void registry.metrics().then((text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text), () => res.writeHead(500).end());
          }).listen(Number(values['metrics-port']), config.host);
        }
        process.stdout.write('review-console worker running\n');
        const signal = await waitForShutdownSignal();
        logger.info({ signal }, 'worker stopping: finishing jobs in flight');
        await worker.close();
      } finally {
        metricsServer?.close();
        await runtime.close();
      }
      return ExitCode.ok;
    } catch (error) {
      const code = reportUsage('worker', error);
      if (code !== null) return code;
      throw error;
    }
  },
};
