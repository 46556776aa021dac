import { Queue, type JobsOptions } from 'bullmq';
import { VIOLATIONS_QUEUE, violationJobV1, type ViolationJob } from '@wardwatch/contracts';
import { waitForReplicas, type RedisClient } from '@wardwatch/contracts/redis';
import { PublishError } from './publish-error.js';

/**
 * How the console's worker should treat a violation job. Completed jobs are kept for a week
 * because BullMQ only refuses a duplicate `jobId` while the first job still exists: an agent
 * that re-sends after a crash finds it there. Failed jobs stay for a person to look at.
 */
export const violationJobOptions = {
  attempts: 8,
  // 10 s doubling: the last of 8 attempts is ~21 min after the first, enough for a DB restart.
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const satisfies JobsOptions;

export interface ViolationQueueOptions {
  connection: RedisClient;
  /** BullMQ key prefix; tests use a random one. */
  prefix?: string;
  queueName?: string;
  /** An add that has not answered by then counts as failed; the outbox retries it. */
  timeoutMs?: number;
  /**
   * Replicas that must hold the job before it counts as stored (0: the server's answer is
   * enough). Redis copies to replicas after it answers: a primary that dies in between takes
   * the job with it, and the agent would already have let go of the violation. With a Sentinel
   * set or a Cluster the outbox keeps it until a replica has it too (on a Cluster, when the
   * job's slot has one).
   */
  replicas?: number;
}

/** The producer side of the `violations` queue: validated jobs, `jobId` = violation id. */
export class ViolationQueue {
  private readonly queue: Queue;

  constructor(private readonly options: ViolationQueueOptions) {
    this.queue = new Queue(options.queueName ?? VIOLATIONS_QUEUE, { connection: options.connection, ...(options.prefix ? { prefix: options.prefix } : {}) });
    // Connection errors surface on each add; the connection logs the outage once.
    this.queue.on('error', () => undefined);
  }

  async add(job: ViolationJob): Promise<void> {
    const checked = violationJobV1.safeParse(job);
    if (!checked.success) throw new PublishError('invalid_job', 'the job does not fit the violation contract', true);
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new PublishError('redis_unavailable', `Redis did not accept the job within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const adding = this.queue.add('violation', checked.data, { ...violationJobOptions, jobId: checked.data.violationId });
      // An add that outlives the timeout may still land later: harmless (same jobId), but its
      // rejection must not go unhandled.
      adding.catch(() => undefined);
      await Promise.race([adding, timeout]);
      const replicas = this.options.replicas ?? 0;
      if (replicas > 0) {
        // WAIT counts the replicas that have every write this connection made so far.
        const copied = waitForReplicas(this.options.connection, this.jobKey(checked.data.violationId), replicas, timeoutMs);
        copied.catch(() => undefined);
        const { wanted, confirmed } = await Promise.race([copied, timeout]);
        if (confirmed < wanted) throw new PublishError('redis_unavailable', `no replica confirmed the job within ${timeoutMs} ms (${confirmed} of ${wanted}); it stays in the outbox`);
      }
    } catch (error) {
      if (error instanceof PublishError) throw error;
      throw new PublishError('redis_unavailable', `cannot enqueue the violation: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The job's hash key: on a Cluster its slot (the prefix's hash tag) names the master that took it. */
  private jobKey(jobId: string): string {
    return `${this.queue.opts.prefix ?? 'bull'}:${this.queue.name}:${jobId}`;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
