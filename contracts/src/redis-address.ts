import { z } from 'zod';

/**
 * Where WardWatch's Redis is, as one string both the agent and the console take:
 * - `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS): one server;
 * - `redis+sentinel://[user:password@]host:port[,host:port…]/<master name>[/db]`: a Sentinel set
 *   that names the current primary and moves it to a replica when the primary dies. The password
 *   is the data servers'; `?sentinelPassword=…` sets the sentinels' own when they have one.
 */
export type RedisAddress =
  | { kind: 'server'; url: string }
  | { kind: 'sentinel'; sentinels: { host: string; port: number }[]; name: string; db: number; username?: string; password?: string; sentinelPassword?: string };

export const REDIS_ADDRESS_RULE = 'must be redis://host:port, rediss://host:port or redis+sentinel://host:port[,host:port...]/<master name>';

/** The address, or why it is not one (never echoing a password). */
export function parseRedisAddress(text: string): RedisAddress | { error: string } {
  if (/^rediss?:\/\/\S+$/.test(text)) return { kind: 'server', url: text };
  const match = /^redis\+sentinel:\/\/(?:([^\s/@:]*)(?::([^\s/]*))?@)?([^\s/@?]+)\/([^\s/?]+)(?:\/(\d+))?(?:\?(\S*))?$/.exec(text);
  if (!match) return { error: REDIS_ADDRESS_RULE };
  const [, user, password, hostList, name, db, query] = match;
  const sentinels: { host: string; port: number }[] = [];
  for (const hostPort of hostList!.split(',')) {
    const hp = /^(\[[0-9a-f:]+\]|[^\s:[\]]+):(\d{1,5})$/i.exec(hostPort);
    const port = Number(hp?.[2]);
    if (!hp || port < 1 || port > 65_535) return { error: `sentinel "${hostPort}" must be host:port (${REDIS_ADDRESS_RULE})` };
    sentinels.push({ host: hp[1]!.replace(/^\[|\]$/g, ''), port });
  }
  const params = new URLSearchParams(query ?? '');
  for (const key of params.keys()) if (key !== 'sentinelPassword') return { error: `unknown setting "${key}" (only sentinelPassword)` };
  let username: string | undefined;
  let secret: string | undefined;
  let master: string;
  try {
    username = user ? decodeURIComponent(user) : undefined;
    secret = password ? decodeURIComponent(password) : undefined;
    master = decodeURIComponent(name!);
  } catch {
    return { error: `the user, password or master name has a "%" that starts no %XX escape (write "%" as %25; ${REDIS_ADDRESS_RULE})` };
  }
  const sentinelPassword = params.get('sentinelPassword') ?? undefined;
  return {
    kind: 'sentinel',
    sentinels,
    name: master,
    db: db === undefined ? 0 : Number(db),
    ...(username ? { username } : {}),
    ...(secret ? { password: secret } : {}),
    ...(sentinelPassword ? { sentinelPassword } : {}),
  };
}

/** True for a Redis address the agent and the console can use; for config schemas. */
export function isRedisAddress(text: string): boolean {
  return !('error' in parseRedisAddress(text));
}

/** Whether writes should wait for a replica before they count as stored (a Sentinel set has replicas). */
export function hasReplicas(text: string): boolean {
  const address = parseRedisAddress(text);
  return !('error' in address) && address.kind === 'sentinel';
}

/** A config field holding a Redis address. */
export const redisAddress = z.string().refine(isRedisAddress, REDIS_ADDRESS_RULE);
