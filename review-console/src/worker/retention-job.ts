import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { RedisClient } from '@wardwatch/contracts/redis';
import type { Logger } from 'pino';
import type { ConsoleServices } from '../services/console-services.js';

/**
 * The console's own queue, apart from `violations` and `heartbeats`, so an agent's Redis user
 * (allowed only the agent queues' keys) can never see or schedule it.
 */
export const MAINTENANCE_QUEUE = 'console-maintenance';
export const RETENTION_JOB = 'retention';
/** One scheduler id for the whole deployment: every worker upserts the same one, so N workers still purge once per interval. */
export const RETENTION_SCHEDULER = 'retention-hourly';

export interface RetentionJob {
  readonly queue: Queue;
  readonly worker: Worker;
  close(): Promise<void>;
}

export async function startRetentionJob(options: { connection: RedisClient; prefix: string; everyMs: number; services: ConsoleServices; logger: Logger }): Promise<RetentionJob> {
  const { connection, prefix, services, logger } = options;
  const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
  // Its errors are the shared connection's, which the worker logs; unheard, BullMQ prints each to stderr.
  queue.on('error', () => undefined);
  // A repeatable job (BullMQ job scheduler): the first run is at once, then every `everyMs`.
  await queue.upsertJobScheduler(RETENTION_SCHEDULER, { every: options.everyMs }, { name: RETENTION_JOB, opts: { removeOnComplete: { count: 200 }, removeOnFail: { count: 200 } } });
  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name !== RETENTION_JOB) throw new UnrecoverableError(`unknown maintenance job "${job.name}"`);
      const report = await services.retention.purgeDue();
      return { at: report.at, purged: report.purged.length, filesDeleted: report.filesDeleted, more: report.more };
    },
    // One purge at a time per process; a failed run is simply retried by the next tick.
    { connection, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, error) => logger.error({ queue: MAINTENANCE_QUEUE, job: job?.name, err: error.message }, 'retention run failed'));
  worker.on('error', (error) => logger.error({ queue: MAINTENANCE_QUEUE, err: error.message }, 'worker error'));
  await worker.waitUntilReady();
  logger.info({ queue: MAINTENANCE_QUEUE, everyMs: options.everyMs }, 'retention job scheduled');
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
