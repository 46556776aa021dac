import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { redisCli, startPrivateRedis, type PrivateRedis } from './redis-server.js';
import { pollUntil } from './testing/poll.js';

const run = promisify(execFile);

export interface RedisCluster {
  /** `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,...`, as the agent and console take it. */
  url: string;
  /** Every node, masters first as `redis-cli --cluster create` paired them. */
  nodes: PrivateRedis[];
  /** The port of the node that now serves the slot of `key` as master. */
  masterPortFor(key: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A Redis Cluster on loopback: `masters` masters (at least 3, as Redis requires) with `replicas`
 * replicas each, slots spread by `redis-cli --cluster create`. Returns once every node says the
 * cluster is ok. `nodeTimeoutMs`: how long a silent master takes to be failed over (Redis's
 * default is 15 s; tests want a second).
 */
export async function startRedisCluster(options: { dataDir: string; masters?: number; replicas?: number; nodeTimeoutMs?: number }): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicas ?? 0;
  const nodes: PrivateRedis[] = [];
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      nodes.push(await startPrivateRedis({ dataDir: join(options.dataDir, `node-${i}`), persist: false, cluster: { nodeTimeoutMs: options.nodeTimeoutMs ?? 1_000 } }));
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes'], { timeout: 60_000 });
    const ready = async () => {
      for (const node of nodes) if (!(await redisCli(node.port, ['CLUSTER', 'INFO'], 10_000)).some((l) => l.trim() === 'cluster_state:ok')) return false;
      // Replicas must have synced before a master may die without losing what it held.
      for (const node of nodes) {
        const info = await redisCli(node.port, ['INFO', 'replication'], 10_000);
        if (info.some((l) => l.trim() === 'role:slave') && !info.some((l) => l.startsWith('master_link_status:up'))) return false;
      }
      return true;
    };
    await pollUntil('the Redis Cluster to be ok on every node', ready, { timeoutMs: 60_000, intervalMs: 250, retryErrors: true });
    return {
      url: `redis+cluster://${addresses.join(',')}`,
      nodes,
      async masterPortFor(key) {
        for (const node of nodes) {
          try {
            const slot = Number((await redisCli(node.port, ['CLUSTER', 'KEYSLOT', key], 10_000))[0]);
            for (const line of await redisCli(node.port, ['CLUSTER', 'NODES'], 10_000)) {
              const [, address, flags, , , , , state, ...ranges] = line.split(' ');
              if (!flags?.includes('master') || flags.includes('fail') || state !== 'connected') continue;
              const owns = ranges.some((range) => {
                const [from, to] = range.split('-').map(Number);
                return from !== undefined && slot >= from && slot <= (to ?? from);
              });
              if (owns) return Number(address!.split('@')[0]!.split(':')[1]);
            }
          } catch {
            // This node is down: ask the next.
          }
        }
        throw new Error(`no cluster node serves the slot of ${key}`);
      },
      stop: () => Promise.all(nodes.map((n) => n.stop())).then(() => undefined),
    };
  } catch (error) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw error;
  }
}
