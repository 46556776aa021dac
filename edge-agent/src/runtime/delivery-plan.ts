import { queuePrefixAt } from '@wardwatch/contracts/redis-address';
import type { AgentConfig } from '../config/agent-config.schema.js';

/** BullMQ's own default, which the console also uses unless QUEUE_PREFIX says otherwise. */
export const DEFAULT_QUEUE_PREFIX = 'bull';

export interface PublishTarget {
  consoleUrl: string;
  token: string;
  redisUrl: string;
  prefix: string;
}

/** Which delivery parts the config turns on; `problems` non-empty means the agent must not start. */
export interface DeliveryPlan {
  /** Violations go to the console; absent = they stay in the outbox until delivery is configured. */
  publish: PublishTarget | undefined;
  /** Heartbeats need Redis, and the console token to sign them (a console refuses unsigned ones). */
  heartbeats: { redisUrl: string; prefix: string; token?: string } | undefined;
  problems: string[];
}

/**
 * Decides what `run` delivers. No `console` and no `redis` at all is a valid local-only setup
 * (an installer aiming cameras before the console exists): violations are recorded into the
 * outbox and sent once delivery is configured. A console that is half configured (no token, or no
 * Redis to enqueue into) is a deployment mistake, and starting anyway would hide it for days, so
 * it is refused with the missing setting named.
 */
export interface DeliverySettings {
  console?: Pick<NonNullable<AgentConfig['console']>, 'url' | 'token'> | undefined;
  redis?: AgentConfig['redis'];
}

export function planDelivery(config: DeliverySettings): DeliveryPlan {
  const problems: string[] = [];
  const redisUrl = config.redis?.url;
  // On a Redis Cluster the prefix carries a hash tag, as the console's does (queuePrefixAt).
  const prefix = queuePrefixAt(redisUrl ?? '', config.redis?.prefix ?? DEFAULT_QUEUE_PREFIX);
  const token = config.console?.token;
  const heartbeats = redisUrl ? { redisUrl, prefix, ...(token ? { token } : {}) } : undefined;
  if (!config.console) return { publish: undefined, heartbeats, problems };
  if (!config.console.token) problems.push('console.token: missing; set it in the file or in WARDWATCH_AGENT_TOKEN (`review-console agents add --id ID --ward WARD` prints it)');
  if (!redisUrl) problems.push('redis.url: missing; violations are enqueued through the console\'s Redis: set redis.url or REDIS_URL');
  if (problems.length > 0 || !config.console.token || !redisUrl) return { publish: undefined, heartbeats, problems };
  return { publish: { consoleUrl: config.console.url, token: config.console.token, redisUrl, prefix }, heartbeats, problems };
}
