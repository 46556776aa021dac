import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { violationJobV1 } from '@wardwatch/contracts';
import { pollUntil, randomPrefix } from '@wardwatch/devkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { DiskOutbox, type OutboxItem } from '../../src/outbox/disk-outbox.js';
import { createConsoleQueuePublisher } from '../../src/publish/console-queue-publisher.js';
import { OutboxPublisher } from '../../src/publish/outbox-publisher.js';
import { captureLogger } from './log-capture.js';
import { seedItem } from './outbox-seed.js';
import { allJobs, anyRedis, restartableRedis } from './redis-fixture.js';
import { UploadServer } from './upload-server.js';

const TOKEN = 'agent-token-0123456789-secret';
let dir: string;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-publish-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function deliveryRig(redisUrl: string) {
  const registry = createRegistry();
  const metrics = createDeliveryMetrics(registry);
  const log = captureLogger();
  const server = new UploadServer(TOKEN);
  await server.start();
  cleanups.push(() => server.stop());
  const prefix = randomPrefix();
  const outbox = await DiskOutbox.open({ dir: join(dir, 'outbox'), maxBytes: 10_000_000, logger: log.logger, metrics });
  const publisher = createConsoleQueuePublisher({ consoleUrl: server.url, token: TOKEN, redisUrl, logger: log.logger, prefix });
  // Test backoff: the same doubling as production, capped at 2 s so recovery is seen quickly.
  const drain = new OutboxPublisher({ outbox, publisher, logger: log.logger, metrics, backoff: { initialMs: 200, maxMs: 2_000 } });
  cleanups.push(async () => {
    await drain.stop();
    await publisher.close();
  });
  const failures = async (reason: string) => (await registry.getSingleMetric('wardwatch_publish_failures_total')?.get())?.values.find((value) => value.labels.reason === reason)?.value ?? 0;
  return { outbox, drain, server, prefix, log, failures, registry };
}

async function expectDeliveredOnce(redisUrl: string, prefix: string, server: UploadServer, items: readonly OutboxItem[]): Promise<void> {
  const jobs = await allJobs(redisUrl, prefix);
  expect(jobs.map((job) => job.id).sort()).toEqual(items.map((item) => item.id).sort());
  for (const job of jobs) {
    const parsed = violationJobV1.parse(job.data);
    expect(parsed.violationId).toBe(job.id);
    expect(job.opts.attempts).toBeGreaterThan(1);
    for (const kind of ['clip', 'snapshot'] as const) {
      const stored = server.stored(parsed.violationId, kind);
      expect(stored?.sha256).toBe(parsed.media[kind].sha256);
      expect(parsed.media[kind].uri).toBe(`media/${parsed.violationId}/${kind}`);
    }
  }
}

describe('outbox publisher', () => {
  it('uploads both files, enqueues one validated job per violation with jobId = violation id, and empties the outbox', async () => {
    const redis = await anyRedis(join(dir, 'redis'));
    cleanups.push(redis.stop);
    const rig = await deliveryRig(redis.url);
    const items = [await seedItem(rig.outbox, Date.now() - 3_000), await seedItem(rig.outbox, Date.now() - 2_000)];
    rig.drain.start();
    items.push(await seedItem(rig.outbox, Date.now()));
    await pollUntil('the outbox to drain', () => rig.outbox.pending().length === 0, { timeoutMs: 60_000 });
    await expectDeliveredOnce(redis.url, rig.prefix, rig.server, items);
    for (const item of items) expect(rig.server.stored(item.id, 'clip')?.puts).toBe(1);
    expect(rig.log.raw()).not.toContain(TOKEN);
  });

  for (const outageSeconds of [5, 60]) {
    it(`when Redis is down for ${outageSeconds} s while violations keep coming, every violation arrives once after it returns`, { timeout: 240_000 }, async () => {
      const redis = await restartableRedis(join(dir, 'redis'));
      cleanups.push(redis.stop);
      const rig = await deliveryRig(redis.url);
      rig.drain.start();
      const items = [await seedItem(rig.outbox, Date.now())];
      await pollUntil('the first delivery', () => rig.outbox.pending().length === 0, { timeoutMs: 60_000 });

      await redis.stop();
      const spacing = (outageSeconds * 1000) / 4;
      for (let i = 0; i < 3; i += 1) {
        items.push(await seedItem(rig.outbox, Date.now()));
        await new Promise((resolve) => setTimeout(resolve, spacing));
      }
      await new Promise((resolve) => setTimeout(resolve, spacing));
      expect(rig.outbox.depth()).toBe(3);
      expect(await rig.failures('redis_unavailable')).toBeGreaterThan(0);
      expect(rig.log.lines.filter((line) => line.event === 'publish_failed').length).toBeLessThan(10);

      await redis.start();
      await pollUntil('the outbox to drain after the outage', () => rig.outbox.pending().length === 0, { timeoutMs: 60_000 });
      await expectDeliveredOnce(redis.url, rig.prefix, rig.server, items);
      // The files went up once, during the outage; only the enqueue was retried.
      for (const item of items) expect(rig.server.stored(item.id, 'snapshot')?.puts).toBe(1);
    });
  }

  it('when the console answers 503 or is unreachable, retries with backoff and delivers once it is back', async () => {
    const redis = await anyRedis(join(dir, 'redis'));
    cleanups.push(redis.stop);
    const rig = await deliveryRig(redis.url);
    rig.server.fail = true;
    const items = [await seedItem(rig.outbox, Date.now())];
    rig.drain.start();
    await pollUntil('a console failure', async () => (await rig.failures('console_error')) >= 2, { timeoutMs: 60_000 });
    const port = Number(new URL(rig.server.url).port);
    await rig.server.stop();
    items.push(await seedItem(rig.outbox, Date.now()));
    await pollUntil('an unreachable console', async () => (await rig.failures('console_unreachable')) >= 1, { timeoutMs: 60_000 });
    expect(rig.outbox.depth()).toBe(2);
    rig.server.fail = false;
    await rig.server.start(port);
    await pollUntil('the outbox to drain', () => rig.outbox.pending().length === 0, { timeoutMs: 60_000 });
    await expectDeliveredOnce(redis.url, rig.prefix, rig.server, items);
  });

  it('sets aside an item whose evidence was damaged on disk, and keeps delivering the others', async () => {
    const redis = await anyRedis(join(dir, 'redis'));
    cleanups.push(redis.stop);
    const rig = await deliveryRig(redis.url);
    const broken = await seedItem(rig.outbox, Date.now() - 1_000);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(broken.dir, 'clip.mp4'), 'not the bytes that were recorded');
    const good = await seedItem(rig.outbox, Date.now());
    rig.drain.start();
    await pollUntil('the outbox to drain', () => rig.outbox.pending().length === 0, { timeoutMs: 60_000 });
    await expectDeliveredOnce(redis.url, rig.prefix, rig.server, [good]);
    expect(rig.log.lines.some((line) => line.event === 'outbox_rejected' && line.violationId === broken.id)).toBe(true);
  });

  it('sets aside an item the console refuses for good (413), and keeps delivering the others', async () => {
    const redis = await anyRedis(join(dir, 'redis'));
    cleanups.push(redis.stop);
    const rig = await deliveryRig(redis.url);
    const refused = await seedItem(rig.outbox, Date.now() - 1_000);
    rig.server.refuse.add(refused.id);
    const good = await seedItem(rig.outbox, Date.now());
    rig.drain.start();
    await pollUntil('the outbox to drain', () => rig.outbox.pending().length === 0, { timeoutMs: 60_000 });
    await expectDeliveredOnce(redis.url, rig.prefix, rig.server, [good]);
    expect(rig.log.lines.some((line) => line.event === 'outbox_rejected' && line.violationId === refused.id)).toBe(true);
  });
});
