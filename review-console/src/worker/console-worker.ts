import { HEARTBEATS_QUEUE as AGENT_HEARTBEATS_QUEUE_NAME, VIOLATIONS_QUEUE as VIOLATIONS_QUEUE_NAME } from '@wardwatch/contracts';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { hostname } from 'node:os';
import { createRedis, queuePrefixAt } from '@wardwatch/contracts/redis';
import type { Logger } from 'pino';
import { InvalidJob, JobRejected, MediaNotYetUploaded } from '../domain/errors.js';
import type { ConsoleServices } from '../services/console-services.js';
import { repairUnreadableJobs } from './unreadable-jobs.js';
import { startRetentionJob, type RetentionJob } from './retention-job.js';

export interface ConsoleWorkerOptions {
  redisUrl: string;
  /** BullMQ key prefix; agents must use the same one (default `bull`). */
  prefix?: string;
  /** Jobs in flight at once: hides the Redis round trip; SQLite still commits one at a time. */
  concurrency?: number;
  services: ConsoleServices;
  logger: Logger;
  /** The retention job's interval; false runs no retention in this process. Default hourly. */
  retention?: { everyMs: number } | false;
  /** How long a job's lock lasts and how often stalled jobs are looked for (BullMQ's 30 s each; tests shorten them). */
  stalls?: { lockMs: number; checkEveryMs: number };
}

export interface ConsoleWorker {
  /** Stops taking jobs, waits for the ones in flight, closes Redis. */
  close(): Promise<void>;
  readonly violations: Worker;
  readonly heartbeats: Worker;
  readonly viewingCopies: Worker;
  readonly retention: RetentionJob | null;
}

/** The console's own queue: H.264 copies of clips a browser cannot play, made after a case is stored. */
export const VIEWING_COPIES_QUEUE = 'clip-viewing-copies';

/** Violation jobs in flight at once: hides the Redis and database round trips. */
const DEFAULT_CONCURRENCY = 16;
/** BullMQ's own job lock, used unless `stalls` says otherwise. */
const BULLMQ_LOCK_MS = 30_000;

/** When the producer's own attempts are used up, the worker keeps retrying on its own for about an hour. */
const MAX_SELF_RETRIES = 20;
const MAX_BACKOFF_MS = 5 * 60_000;
/** A database blip is retried in place before the job goes back to the queue. */
const IN_PLACE_DELAYS_MS = [200, 1_000, 3_000];

export function selfRetryDelayMs(attemptsStarted: number): number {
  return Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.max(0, attemptsStarted - 1));
}

async function withInPlaceRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const delay = IN_PLACE_DELAYS_MS[attempt];
      if (error instanceof JobRejected || error instanceof MediaNotYetUploaded || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * A retryable failure must not become a lost violation because the producer enqueued with few
 * attempts: once those are spent, the worker delays the job itself with exponential backoff.
 */
async function retryLater(job: Job, token: string | undefined, error: Error): Promise<never> {
  const configured = job.opts.attempts ?? 1;
  if (job.attemptsMade + 1 < configured || token === undefined || job.attemptsStarted >= MAX_SELF_RETRIES) throw error;
  await job.moveToDelayed(Date.now() + selfRetryDelayMs(job.attemptsStarted), token);
  throw new DelayedError(error.message);
}

/** `<host>:<pid>`: names this process among the workers sharing the queues. */
export function workerName(): string {
  return `${hostname()}:${process.pid}`;
}

export async function startConsoleWorker(options: ConsoleWorkerOptions): Promise<ConsoleWorker> {
  const { services, logger } = options;
  const { jobsProcessed, jobsFailed } = services.metrics;
  // BullMQ needs unlimited retries per request on a connection used for blocking commands.
  const connection = createRedis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection error'));
  await connection.connect();
  const stalls = options.stalls ? { lockDuration: options.stalls.lockMs, stalledInterval: options.stalls.checkEveryMs } : {};
  // Each job records the worker that took it (`processedBy`): which of several workers held what.
  // On a Redis Cluster the prefix carries a hash tag, as the agents' does (queuePrefixAt).
  const common = { connection, prefix: queuePrefixAt(options.redisUrl, options.prefix ?? 'bull'), autorun: true, name: workerName(), ...stalls };
  const copyQueue = new Queue(VIEWING_COPIES_QUEUE, { connection, prefix: common.prefix });
  // Its errors are the shared connection's, which logs them; unheard, BullMQ prints each to stderr.
  copyQueue.on('error', () => undefined);

  const violations = new Worker(
    VIOLATIONS_QUEUE_NAME,
    async (job, token) => {
      try {
        const { result, job: payload } = await withInPlaceRetry(() => services.ingest.ingestViolation(job.data));
        jobsProcessed.inc({ queue: VIOLATIONS_QUEUE_NAME, result: result === 'created' ? 'stored' : 'duplicate' });
        logger.info({ jobId: job.id, violationId: payload.violationId, ward: payload.ward, camera: payload.cameraId, result }, 'violation stored');
        // One copy job per case (the job id), in the background: storing the case never waits on a transcode.
        await copyQueue.add('copy', { violationId: payload.violationId }, { jobId: payload.violationId, attempts: 8, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: { count: 10_000 }, removeOnFail: { count: 10_000 } });
        return { result };
      } catch (error) {
        if (error instanceof JobRejected) {
          jobsFailed.inc({ queue: VIOLATIONS_QUEUE_NAME, reason: error instanceof InvalidJob ? 'invalid' : 'rejected' });
          logger.warn({ jobId: job.id, reason: error.message }, 'violation job rejected');
          throw new UnrecoverableError(error.message);
        }
        const reason = error instanceof MediaNotYetUploaded ? 'media_missing' : 'error';
        jobsFailed.inc({ queue: VIOLATIONS_QUEUE_NAME, reason });
        logger.warn({ jobId: job.id, reason, err: (error as Error).message, attempt: job.attemptsStarted }, 'violation job will be retried');
        return retryLater(job, token, error as Error);
      }
    },
    { ...common, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, removeOnComplete: { age: 24 * 3_600, count: 50_000 }, removeOnFail: { count: 100_000 } },
  );

  const heartbeats = new Worker(
    AGENT_HEARTBEATS_QUEUE_NAME,
    async (job) => {
      try {
        const beat = await services.ingest.ingestHeartbeat(job.data);
        jobsProcessed.inc({ queue: AGENT_HEARTBEATS_QUEUE_NAME, result: 'heartbeat' });
        logger.debug({ agent: beat.agentId, cameras: beat.cameras.length }, 'heartbeat');
      } catch (error) {
        jobsFailed.inc({ queue: AGENT_HEARTBEATS_QUEUE_NAME, reason: error instanceof JobRejected ? 'rejected' : 'error' });
        // A lost heartbeat is replaced by the next one in seconds; never retry it.
        throw new UnrecoverableError((error as Error).message);
      }
    },
    { ...common, concurrency: 4, removeOnComplete: { count: 1_000 }, removeOnFail: { count: 1_000 } },
  );

  // One transcode at a time: it is seconds of CPU per clip, and review comes before it in the queue.
  const viewingCopies = new Worker(
    VIEWING_COPIES_QUEUE,
    async (job: Job<{ violationId: string }>) => {
      const outcome = await services.media.makeViewingCopy(job.data.violationId);
      if (outcome === 'made') logger.info({ violationId: job.data.violationId }, 'viewing copy made: the clip is not H.264, the case page plays an H.264 copy');
      return { outcome };
    },
    { ...common, concurrency: 1 },
  );
  viewingCopies.on('failed', (job, error) => logger.warn({ violationId: job?.data.violationId, attempt: job?.attemptsMade, err: error.message }, 'viewing copy failed'));

  for (const worker of [violations, heartbeats, viewingCopies]) {
    worker.on('error', (error) => {
      logger.error({ queue: worker.name, err: error.message }, 'worker error');
      // A job whose data is not JSON would loop as stalled for ever: make it fail with its reason.
      if (error instanceof SyntaxError) void repairUnreadableJobs(connection, common.prefix, worker.name, logger).catch(() => undefined);
    });
  }
  await Promise.all([violations.waitUntilReady(), heartbeats.waitUntilReady(), viewingCopies.waitUntilReady()]);
  const retentionOptions = options.retention ?? { everyMs: 3_600_000 };
  const retention = retentionOptions === false ? null : await startRetentionJob({ connection, prefix: common.prefix, everyMs: retentionOptions.everyMs, services, logger });
  logger.info({ queues: [VIOLATIONS_QUEUE_NAME, AGENT_HEARTBEATS_QUEUE_NAME, VIEWING_COPIES_QUEUE], prefix: common.prefix, name: common.name, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, lockSeconds: (options.stalls?.lockMs ?? BULLMQ_LOCK_MS) / 1_000 }, 'worker started');

  return {
    violations,
    heartbeats,
    viewingCopies,
    retention,
    async close() {
      await Promise.all([violations.close(), heartbeats.close(), viewingCopies.close(), retention?.close()]);
      await copyQueue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
