import { z } from 'zod';

/**
 * Where WardWatch's Redis is, as one string both the agent and the console take:
 * - `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS): one server;
 * - `redis+sentinel://[user:password@]host:port[,host:port…]/<master name>[/db]`: a Sentinel set
 *   that names the current primary and moves it to a replica when the primary dies. The password
 *   is the data servers'; `?sentinelPassword=…` sets the sentinels' own when they have one;
 * - `redis+cluster://[user:password@]host:port[,host:port…]`: a Redis Cluster, found from these
 *   seed nodes (a few are enough; the client learns the rest). Queue keys need a hash tag there:
 *   see queuePrefixAt.
 */
export type RedisAddress =
  | { kind: 'server'; url: string }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; db: number; username?: string; password?: string; sentinelPassword?: string }
  | { kind: 'cluster'; nodes: HostPort[]; username?: string; password?: string };

export interface HostPort {
  host: string;
  port: number;
}

export const REDIS_ADDRESS_RULE = 'must be redis://host:port, rediss://host:port, redis+sentinel://host:port[,host:port...]/<master name> or redis+cluster://host:port[,host:port...]';

const PERCENT_RULE = `has a "%" that starts no %XX escape (write "%" as %25; ${REDIS_ADDRESS_RULE})`;

/** `host:port,host:port` (IPv6 in brackets), or why not; `what` names the list's members. */
function hostPorts(list: string, what: string): HostPort[] | { error: string } {
  const found: HostPort[] = [];
  for (const hostPort of list.split(',')) {
    const hp = /^(\[[0-9a-f:]+\]|[^\s:[\]]+):(\d{1,5})$/i.exec(hostPort);
    const port = Number(hp?.[2]);
    if (!hp || port < 1 || port > 65_535) return { error: `${what} "${hostPort}" must be host:port (${REDIS_ADDRESS_RULE})` };
    found.push({ host: hp[1]!.replace(/^\[|\]$/g, ''), port });
  }
  return found;
}

/** The login's parts, percent-decoded, or null when a `%` starts no escape. */
function login(user: string | undefined, password: string | undefined): { username?: string; password?: string } | null {
  try {
    const username = user ? decodeURIComponent(user) : undefined;
    const secret = password ? decodeURIComponent(password) : undefined;
    return { ...(username ? { username } : {}), ...(secret ? { password: secret } : {}) };
  } catch {
    return null;
  }
}

function parseCluster(text: string): RedisAddress | { error: string } {
  const match = /^redis\+cluster:\/\/(?:([^\s/@:]*)(?::([^\s/]*))?@)?([^\s/@?]+)\/?$/.exec(text);
  if (!match) return { error: REDIS_ADDRESS_RULE };
  const nodes = hostPorts(match[3]!, 'cluster node');
  if ('error' in nodes) return nodes;
  const credentials = login(match[1], match[2]);
  if (credentials === null) return { error: `the user or password ${PERCENT_RULE}` };
  return { kind: 'cluster', nodes, ...credentials };
}

/** The address, or why it is not one (never echoing a password). */
export function parseRedisAddress(text: string): RedisAddress | { error: string } {
  if (/^rediss?:\/\/\S+$/.test(text)) return { kind: 'server', url: text };
  if (text.startsWith('redis+cluster://')) return parseCluster(text);
  const match = /^redis\+sentinel:\/\/(?:([^\s/@:]*)(?::([^\s/]*))?@)?([^\s/@?]+)\/([^\s/?]+)(?:\/(\d+))?(?:\?(\S*))?$/.exec(text);
  if (!match) return { error: REDIS_ADDRESS_RULE };
  const [, user, password, hostList, name, db, query] = match;
  const sentinels = hostPorts(hostList!, 'sentinel');
  if ('error' in sentinels) return sentinels;
  const params = new URLSearchParams(query ?? '');
  for (const key of params.keys()) if (key !== 'sentinelPassword') return { error: `unknown setting "${key}" (only sentinelPassword)` };
  const credentials = login(user, password);
  let master: string;
  try {
    master = decodeURIComponent(name!);
  } catch {
    master = '';
  }
  if (credentials === null || master === '') return { error: `the user, password or master name ${PERCENT_RULE}` };
  const sentinelPassword = params.get('sentinelPassword') ?? undefined;
  return {
    kind: 'sentinel',
    sentinels,
    name: master,
    db: db === undefined ? 0 : Number(db),
    ...credentials,
    ...(sentinelPassword ? { sentinelPassword } : {}),
  };
}

/** True for a Redis address the agent and the console can use; for config schemas. */
export function isRedisAddress(text: string): boolean {
  return !('error' in parseRedisAddress(text));
}

/**
 * Whether writes should wait for a replica before they count as stored: a Sentinel set has
 * replicas, and a Cluster's slots may (waitForReplicas asks only as many as a slot has).
 */
export function hasReplicas(text: string): boolean {
  const address = parseRedisAddress(text);
  return !('error' in address) && address.kind !== 'server';
}

/**
 * The BullMQ key prefix to use at this address. BullMQ's scripts touch several keys of a queue at
 * once, which a Cluster only allows when they hash to one slot: there a prefix without a hash tag
 * gets one (`bull` -> `{bull}`, keys `{bull}:violations:wait`...). Agents and consoles apply the
 * same rule, so they meet on the same keys; a prefix that has a tag is kept as it is.
 */
export function queuePrefixAt(text: string, prefix: string): string {
  const address = parseRedisAddress(text);
  if ('error' in address || address.kind !== 'cluster' || /\{[^{}]+\}/.test(prefix)) return prefix;
  return `{${prefix}}`;
}

/** A config field holding a Redis address. */
export const redisAddress = z.string().refine(isRedisAddress, REDIS_ADDRESS_RULE);
