import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { parseRedisAddress } from './redis-address.js';

export * from './redis-address.js';

/** A connection to a WardWatch Redis: one server or a Sentinel set's primary (Redis), or a Cluster. */
export type RedisClient = Redis | Cluster;

const reconnectDelay = (times: number) => Math.min(5_000, 250 * 2 ** Math.min(times, 5));

/**
 * An ioredis client for the address with the caller's settings (timeouts, retries). Through a
 * Sentinel set the client asks the sentinels for the primary, and asks again when its link
 * fails, so a fail-over moves every client without a restart. On a Cluster the settings apply to
 * each node's link, and the client follows the slots as they move (MOVED, ASK, a replica
 * promoted); BullMQ takes either kind as its connection.
 */
export function createRedis(text: string, options: RedisOptions = {}): RedisClient {
  const address = parseRedisAddress(text);
  if ('error' in address) throw new Error(`Redis address ${address.error}`);
  if (address.kind === 'server') return new Redis(text, options);
  const login = { ...(address.username ? { username: address.username } : {}), ...(address.password ? { password: address.password } : {}) };
  if (address.kind === 'cluster') {
    return new Cluster(address.nodes, {
      redisOptions: { ...options, ...login },
      ...(options.lazyConnect === undefined ? {} : { lazyConnect: options.lazyConnect }),
      ...(options.enableOfflineQueue === undefined ? {} : { enableOfflineQueue: options.enableOfflineQueue }),
      // Seed nodes are asked again at the pace a single server's link is retried.
      clusterRetryStrategy: options.retryStrategy ?? reconnectDelay,
    });
  }
  return new Redis({
    ...options,
    sentinels: address.sentinels,
    name: address.name,
    db: address.db,
    ...login,
    ...(address.sentinelPassword ? { sentinelPassword: address.sentinelPassword } : {}),
    // Not ioredis's failoverDetector: with it a BullMQ worker's connection ended for good at the
    // first fail-over (its status "end"), while without it a lost link asks the sentinels again.
    // Sentinels are asked again quickly while none answers, as the data link is.
    sentinelRetryStrategy: reconnectDelay,
  });
}

/**
 * Waits until up to `wanted` replicas hold every write this client made so far to the server of
 * `key`, at most `timeoutMs`; answers how many were asked for and how many confirmed. On a
 * Cluster, WAIT goes to the master that serves the key's slot (the link that made the write), and
 * asks no more replicas than that master has: a slot without replicas cannot fail over, so there
 * is no copy to wait for. Only commands an agent's ACL user has (WAIT, INFO) are sent.
 */
export async function waitForReplicas(client: RedisClient, key: string, wanted: number, timeoutMs: number): Promise<{ wanted: number; confirmed: number }> {
  if (client instanceof Redis) return { wanted, confirmed: await client.wait(wanted, timeoutMs) };
  const [masterKey, ...mapped] = client.slots[calculateSlot(key)] ?? [];
  const master = client.nodes('master').find((node) => `${node.options.host}:${node.options.port}` === masterKey);
  if (!master) throw new Error(`no link to the master of the slot of ${key} yet`);
  // The slot map (CLUSTER SLOTS) keeps a replica whose link just dropped until it is judged
  // failed, so a blip makes WAIT time out rather than skip it; but it leaves out replicas that
  // never held data (a new cluster), which the master's INFO counts once connected.
  const connected = Number(/^connected_slaves:(\d+)/m.exec(await master.info('replication'))?.[1] ?? 0);
  const asked = Math.min(wanted, Math.max(mapped.length, connected));
  return { wanted: asked, confirmed: asked === 0 ? 0 : await master.wait(asked, timeoutMs) };
}
