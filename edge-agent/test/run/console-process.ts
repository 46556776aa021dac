import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, ProcessGroup, type ManagedProcess } from '@wardwatch/devkit';
import { repoRoot } from '../../src/paths.js';

const run = promisify(execFile);
const CLI = join(repoRoot(), 'review-console', 'bin', 'review-console.js');
const PASSWORD = 'run-test-password-123';

/** One case as the console's list API returns it (the fields these tests read). */
export interface ConsoleCase {
  id: string;
  cameraId: string;
  ruleType: string;
  zoneId: string;
  startedAt: string;
  triggeredAt: string;
  clipUrl: string;
  snapshotUrl: string;
}

export interface ConsoleCaseDetail extends ConsoleCase {
  agentId: string;
  bbox: { x1: number; y1: number; x2: number; y2: number };
  model: { name: string; sha256: string };
  clip: { mime: string; bytes: number; sha256: string; durationSeconds: number | null } | null;
  snapshot: { mime: string; bytes: number; sha256: string } | null;
}

export interface ConsoleProcess {
  url: string;
  /** `review-console agents add --quiet` output for this agent id in ward hoan-kiem. */
  token: string;
  /** Every case the admin can see, oldest first. */
  cases(): Promise<ConsoleCase[]>;
  /** One case with its boxes, model and media facts (GET /api/violations/:id). */
  detail(id: string): Promise<ConsoleCaseDetail>;
  /** Bytes of a case's clip or snapshot, as the web UI would load it. */
  media(path: string): Promise<Buffer>;
  stop(): Promise<void>;
}

/**
 * The real review console (`review-console serve`, worker included) on a free port with a temp
 * SQLite data dir: demo wards and users seeded, one agent registered. It must consume the same
 * Redis and BullMQ prefix as the agent under test.
 */
export async function startConsole(options: { redisUrl: string; queuePrefix: string; agentId: string }): Promise<ConsoleProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ww-run-console-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WARDWATCH_DATA_DIR: dataDir,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.queuePrefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
  };
  const cli = (args: string[], input?: string) => {
    const child = run(process.execPath, [CLI, ...args], { env });
    child.child.stdin?.end(input ?? '');
    return child;
  };
  let serve: ManagedProcess | undefined;
  const cleanup = async (): Promise<void> => {
    if (serve) await ProcessGroup.stopOne(serve, 15_000);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await cli(['seed', '--demo', '--password-stdin', '--json'], PASSWORD);
    const token = (await cli(['agents', 'add', '--id', options.agentId, '--ward', 'hoan-kiem', '--quiet'])).stdout.trim();
    serve = new ProcessGroup().start('console', process.execPath, [CLI, 'serve'], { env });
    await serve.waitForLine(/review-console listening on/, 60_000);
    const url = `http://127.0.0.1:${port}`;
    let cookie: string | undefined;
    const session = async (): Promise<string> => {
      if (cookie) return cookie;
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
      if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      cookie = (res.headers.getSetCookie().find((c) => c.startsWith('ww_session=')) ?? '').split(';')[0] ?? '';
      return cookie;
    };
    const get = async (path: string): Promise<Response> => {
      const res = await fetch(`${url}${path}`, { headers: { cookie: await session() } });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return res;
    };
    return {
      url,
      token,
      async cases() {
        const out: ConsoleCase[] = [];
        let cursor: string | null = null;
        do {
          const page = (await (await get(`/api/violations?order=asc&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json()) as { items: ConsoleCase[]; nextCursor: string | null };
          out.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        return out;
      },
      detail: async (id) => (await (await get(`/api/violations/${encodeURIComponent(id)}`)).json()) as ConsoleCaseDetail,
      media: async (path) => Buffer.from(await (await get(path)).arrayBuffer()),
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
