import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { VIOLATIONS_QUEUE } from '@wardwatch/contracts';
import { startPrivateRedis, type PrivateRedis } from '@wardwatch/devkit';

/** REDIS_URL when set (CI), else a private redis-server; `stop` only stops what it started. */
export async function anyRedis(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = process.env.REDIS_URL;
  if (url) return { url, stop: async () => undefined };
  const redis = await startPrivateRedis({ dataDir, persist: false });
  return { url: redis.url, stop: () => redis.stop() };
}

/**
 * A redis-server this test may stop and start again on the same port and data (append-only
 * file), like a Redis host that reboots: jobs enqueued before the outage survive it.
 */
export async function restartableRedis(dataDir: string): Promise<{ url: string; stop: () => Promise<void>; start: () => Promise<void> }> {
  let current: PrivateRedis | undefined = await startPrivateRedis({ dataDir, persist: true });
  const port = current.port;
  return {
    url: current.url,
    stop: async () => {
      await current?.stop();
      current = undefined;
    },
    start: async () => {
      current ??= await startPrivateRedis({ dataDir, port, persist: true });
    },
  };
}

export interface EnqueuedJob {
  id: string;
  data: unknown;
  opts: { attempts?: number; backoff?: unknown };
}

/** Every job of the queue, in every state. */
export async function allJobs(url: string, prefix: string, name = VIOLATIONS_QUEUE): Promise<EnqueuedJob[]> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix });
  try {
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'paused', 'prioritized', 'waiting-children']);
    return jobs.map((job) => ({ id: job.id ?? '', data: job.data as unknown, opts: job.opts }));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
