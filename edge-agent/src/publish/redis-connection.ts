import type { RedisClient } from '@wardwatch/contracts/redis';
import { createRedis } from '@wardwatch/contracts/redis';
import type { Logger } from 'pino';
import { redactUrl } from '../config/redact.js';

/**
 * An ioredis connection for producers (violations, heartbeats). Commands fail fast while Redis is
 * away (no offline queue, one retry, a command timeout for half-open TCP) so the outbox, which
 * is the durable queue, decides when to retry; ioredis itself keeps reconnecting in the
 * background. The URL (which may hold a password) is only ever logged redacted.
 */
export function createRedisConnection(url: string, logger: Logger, name: string): RedisClient {
  const redis = createRedis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // 10 s: far above a healthy LPUSH round trip, short enough that a dead link is noticed.
    commandTimeout: 10_000,
    connectTimeout: 10_000,
    // Reconnect quickly after an outage but do not hammer a dead host: 0.5 s doubling to 5 s.
    retryStrategy: (times) => Math.min(5_000, 250 * 2 ** Math.min(times, 5)),
    connectionName: name,
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ event: 'redis_down', redis: redactUrl(url), err: error }, 'Redis is unreachable; delivery will retry');
  });
  redis.on('ready', () => {
    if (down) logger.info({ event: 'redis_up' }, 'Redis is reachable again');
    down = false;
  });
  return redis;
}
