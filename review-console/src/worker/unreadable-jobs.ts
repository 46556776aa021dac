import type { RedisClient } from '@wardwatch/contracts/redis';
import type { Logger } from 'pino';

/** Active jobs looked at per sweep: a sweep runs on a parse error, so only a few are ever there. */
const MAX_SCANNED = 1_000;

/**
 * BullMQ parses a job's data when it hands the job to a worker: data that is not JSON (written
 * straight into Redis) throws there, before any processor runs, and the job sits "active" until
 * its lock runs out, is put back as stalled, and throws again, for ever, with no failed reason.
 * This replaces such data with JSON that says what it was, so the next attempt reaches the
 * processor and the job fails with the contract's reason like any other malformed job.
 */
export async function repairUnreadableJobs(redis: RedisClient, prefix: string, queue: string, logger: Logger): Promise<number> {
  const ids = await redis.lrange(`${prefix}:${queue}:active`, 0, MAX_SCANNED - 1);
  let repaired = 0;
  for (const id of ids) {
    const key = `${prefix}:${queue}:${id}`;
    const data = await redis.hget(key, 'data');
    if (data === null) continue;
    try {
      JSON.parse(data);
      continue;
    } catch {
      // Not JSON: repaired below.
    }
    await redis.hset(key, 'data', JSON.stringify({ unreadable: data.slice(0, 200) }));
    logger.warn({ queue, jobId: id }, 'job data was not JSON; replaced so that the job fails with its reason');
    repaired++;
  }
  return repaired;
}
