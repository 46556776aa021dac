import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForPort } from './free-port.js';

export interface PrivateRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
  readonly process: ChildProcess;
}

const run = promisify(execFile);

/** One `redis-cli` command against the loopback server (or sentinel) on `port`; its answer as lines. */
export async function redisCli(port: number, args: string[], timeoutMs = 5_000): Promise<string[]> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: timeoutMs });
  return stdout.trim().split('\n');
}

/**
 * Starts a private redis-server on a free loopback port, with its data in `dataDir` (append-only
 * file on, so a demo restart keeps its queue). Used when REDIS_URL is unset.
 */
export async function startPrivateRedis(options: { dataDir: string; port?: number; persist?: boolean; replicaOf?: number; cluster?: { nodeTimeoutMs: number } }): Promise<PrivateRedis> {
  await mkdir(options.dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', options.dataDir, '--save', '', '--protected-mode', 'yes'];
  args.push('--appendonly', options.persist === false ? 'no' : 'yes');
  if (options.replicaOf !== undefined) args.push('--replicaof', '127.0.0.1', String(options.replicaOf));
  // The cluster bus port is the data port + 10000 unless given: past 55535 that is no port at all.
  if (options.cluster) args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(options.dataDir, 'nodes.conf'), '--cluster-node-timeout', String(options.cluster.nodeTimeoutMs), '--cluster-port', String(await freePort()));
  return serve(args, port);
}

/**
 * A Redis Sentinel on a free loopback port watching the primary at `primaryPort` as `name`
 * (a sentinel keeps its state in its config file, which it rewrites: one per sentinel).
 */
export async function startRedisSentinel(options: { dataDir: string; name: string; primaryPort: number; quorum: number; downAfterMs: number }): Promise<PrivateRedis> {
  await mkdir(options.dataDir, { recursive: true });
  const port = await freePort();
  const config = join(options.dataDir, 'sentinel.conf');
  const { name } = options;
  await writeFile(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${options.dataDir}`,
      `sentinel monitor ${name} 127.0.0.1 ${options.primaryPort} ${options.quorum}`,
      `sentinel down-after-milliseconds ${name} ${options.downAfterMs}`,
      `sentinel failover-timeout ${name} ${Math.max(3_000, options.downAfterMs * 3)}`,
      `sentinel parallel-syncs ${name} 1`,
      '',
    ].join('\n'),
  );
  return serve([config, '--sentinel'], port);
}

async function serve(args: string[], port: number): Promise<PrivateRedis> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_resolve, reject) =>
    child.once('error', (error) => reject(new Error(`cannot start redis-server (is it installed? run "npm run setup"): ${error.message}`))),
  );
  try {
    await Promise.race([waitForPort(port), spawnError]);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}${stderr ? `\n${stderr}` : ''}`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
