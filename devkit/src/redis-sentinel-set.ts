import { join } from 'node:path';
import { redisCli, startPrivateRedis, startRedisSentinel, type PrivateRedis } from './redis-server.js';
import { pollUntil } from './testing/poll.js';

export interface SentinelSet {
  /** `redis+sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/<name>`, as the agent and console take it. */
  url: string;
  name: string;
  /** The data servers, the first started as the primary. */
  servers: PrivateRedis[];
  sentinels: PrivateRedis[];
  /** The port of the server the sentinels now name as primary. */
  primaryPort(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A primary, `replicas` replicas and three sentinels (quorum 2) on loopback, as a district runs
 * Redis: returns once every sentinel knows every replica and the other sentinels, so a fail-over
 * can happen from the first moment. `downAfterMs`: how long a silent primary takes to be judged
 * down (Redis's default is 30 s; tests want a second).
 */
export async function startSentinelSet(options: { dataDir: string; name?: string; replicas?: number; downAfterMs?: number }): Promise<SentinelSet> {
  const name = options.name ?? 'wardwatch';
  const replicas = options.replicas ?? 2;
  const started: PrivateRedis[] = [];
  try {
    const primary = await startPrivateRedis({ dataDir: join(options.dataDir, 'server-0'), persist: false });
    started.push(primary);
    const servers = [primary];
    for (let i = 1; i <= replicas; i++) {
      const replica = await startPrivateRedis({ dataDir: join(options.dataDir, `server-${i}`), persist: false, replicaOf: primary.port });
      started.push(replica);
      servers.push(replica);
    }
    const sentinels: PrivateRedis[] = [];
    for (let i = 0; i < 3; i++) {
      const sentinel = await startRedisSentinel({ dataDir: join(options.dataDir, `sentinel-${i}`), name, primaryPort: primary.port, quorum: 2, downAfterMs: options.downAfterMs ?? 1_000 });
      started.push(sentinel);
      sentinels.push(sentinel);
    }
    const known = async (): Promise<boolean> => {
      for (const sentinel of sentinels) {
        const lines = await redisCli(sentinel.port, ['SENTINEL', 'MASTER', name]);
        const field = (key: string) => Number(lines[lines.indexOf(key) + 1]);
        if (field('num-slaves') < replicas || field('num-other-sentinels') < 2) return false;
      }
      for (const replica of servers.slice(1)) if (!(await redisCli(replica.port, ['INFO', 'replication'])).some((l) => l.startsWith('master_link_status:up'))) return false;
      return true;
    };
    // Sentinels find replicas through the primary's INFO (every 10 s) and each other through hellos.
    await pollUntil(`the sentinels of "${name}" to know ${replicas} replicas and each other`, known, { timeoutMs: 60_000, intervalMs: 250, retryErrors: true });
    return {
      url: `redis+sentinel://${sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}/${name}`,
      name,
      servers,
      sentinels,
      async primaryPort() {
        for (const sentinel of sentinels) {
          try {
            const [, port] = await redisCli(sentinel.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name]);
            return Number(port);
          } catch {
            // This sentinel is down: ask the next.
          }
        }
        throw new Error(`no sentinel of "${name}" answers`);
      },
      stop: () => Promise.all(started.map((s) => s.stop())).then(() => undefined),
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}
