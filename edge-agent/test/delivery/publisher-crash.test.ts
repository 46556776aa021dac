import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { violationJobV1 } from '@wardwatch/contracts';
import { randomPrefix } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { DiskOutbox, type OutboxItem } from '../../src/outbox/disk-outbox.js';
import { repoRoot } from '../../src/paths.js';
import { captureLogger } from './log-capture.js';
import { seedItem } from './outbox-seed.js';
import { allJobs, anyRedis } from './redis-fixture.js';
import { UploadServer } from './upload-server.js';

const TOKEN = 'crash-test-token-abcdef';
const CHILD = fileURLToPath(new URL('./publisher-child.ts', import.meta.url));
let dir: string;
let redis: { url: string; stop: () => Promise<void> };
let server: UploadServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-crash-'));
  redis = await anyRedis(join(dir, 'redis'));
  server = new UploadServer(TOKEN);
  await server.start();
});

afterAll(async () => {
  await server.stop();
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the publisher in a child process until it drains the outbox or kills itself. */
function runPublisher(outboxDir: string, prefix: string, crashAt?: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: repoRoot(),
      env: { ...process.env, OUTBOX_DIR: outboxDir, CHILD_REDIS_URL: redis.url, CONSOLE_URL: server.url, AGENT_TOKEN: TOKEN, QUEUE_PREFIX: prefix, CRASH_AT: crashAt ?? '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

async function reopen(outboxDir: string): Promise<DiskOutbox> {
  return DiskOutbox.open({ dir: outboxDir, maxBytes: 100_000_000, logger: captureLogger().logger, metrics: createDeliveryMetrics(createRegistry()) });
}

describe('publisher killed with SIGKILL', () => {
  it('between upload and enqueue, and again between enqueue and outbox cleanup: after restart the console has exactly one copy of each violation', async () => {
    const outboxDir = join(dir, 'outbox');
    const prefix = randomPrefix();
    const seeded = await reopen(outboxDir);
    const items: OutboxItem[] = [];
    for (let i = 0; i < 3; i += 1) items.push(await seedItem(seeded, Date.now() + i));
    const first = items[0]!;

    // 1. Killed after both uploads, before the enqueue.
    const afterUpload = await runPublisher(outboxDir, prefix, 'uploaded');
    expect(afterUpload.signal).toBe('SIGKILL');
    expect(await allJobs(redis.url, prefix)).toHaveLength(0);
    expect((await reopen(outboxDir)).get(first.id)?.state).toMatchObject({ clip: expect.any(Object), snapshot: expect.any(Object) });

    // 2. Killed after the enqueue, before the outbox recorded it: the restart enqueues again.
    const afterEnqueue = await runPublisher(outboxDir, prefix, 'enqueued');
    expect(afterEnqueue.signal).toBe('SIGKILL');
    expect((await allJobs(redis.url, prefix)).map((job) => job.id)).toEqual([first.id]);
    expect((await reopen(outboxDir)).get(first.id)?.state.enqueuedAt).toBeUndefined();

    // 3. Killed after recording the enqueue, before deleting the item.
    const afterMark = await runPublisher(outboxDir, prefix, 'marked');
    expect(afterMark.signal).toBe('SIGKILL');
    expect((await reopen(outboxDir)).get(first.id)?.state.enqueuedAt).toBeDefined();

    // 4. A clean run delivers the rest.
    const clean = await runPublisher(outboxDir, prefix);
    expect(clean, clean.stderr).toMatchObject({ code: 0, signal: null });
    expect((await reopen(outboxDir)).pending()).toEqual([]);

    const jobs = await allJobs(redis.url, prefix);
    expect(jobs.map((job) => job.id).sort()).toEqual(items.map((item) => item.id).sort());
    for (const job of jobs) expect(violationJobV1.safeParse(job.data).success).toBe(true);
    // Uploads were recorded before the first crash, so no file went up twice.
    for (const item of items) {
      expect(server.stored(item.id, 'clip')?.puts).toBe(1);
      expect(server.stored(item.id, 'snapshot')?.puts).toBe(1);
    }
  });
});
