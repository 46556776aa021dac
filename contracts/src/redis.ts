import { Redis, type RedisOptions } from 'ioredis';
import { parseRedisAddress } from './redis-address.js';

export * from './redis-address.js';

/**
 * An ioredis client for the address with the caller's settings (timeouts, retries). Through a
 * Sentinel set the client asks the sentinels for the primary, and asks again when its link
 * fails, so a fail-over moves every client without a restart.
 */
export function createRedis(text: string, options: RedisOptions = {}): Redis {
  const address = parseRedisAddress(text);
  if ('error' in address) throw new Error(`Redis address ${address.error}`);
  if (address.kind === 'server') return new Redis(text, options);
  return new Redis({
    ...options,
    sentinels: address.sentinels,
    name: address.name,
    db: address.db,
    ...(address.username ? { username: address.username } : {}),
    ...(address.password ? { password: address.password } : {}),
    ...(address.sentinelPassword ? { sentinelPassword: address.sentinelPassword } : {}),
    // Not ioredis's failoverDetector: with it a BullMQ worker's connection ended for good at the
    // first fail-over (its status "end"), while without it a lost link asks the sentinels again.
    // Sentinels are asked again quickly while none answers, as the data link is.
    sentinelRetryStrategy: (times: number) => Math.min(5_000, 250 * 2 ** Math.min(times, 5)),
  });
}
