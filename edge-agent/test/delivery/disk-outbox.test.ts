import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { DiskOutbox } from '../../src/outbox/disk-outbox.js';
import { captureLogger } from './log-capture.js';
import { seedItem } from './outbox-seed.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-outbox-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function open(maxBytes = 1_000_000) {
  const registry = createRegistry();
  const metrics = createDeliveryMetrics(registry);
  const log = captureLogger();
  const outbox = await DiskOutbox.open({ dir, maxBytes, logger: log.logger, metrics });
  const metric = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values[0]?.value;
  return { outbox, log, metric };
}

describe('disk outbox', () => {
  it('when the quota is full, evicts the oldest undelivered violations, logs each and counts them', async () => {
    // Each item is 5,000 bytes of evidence plus its record: the quota holds three and a half.
    const probe = await open();
    const itemBytes = (await seedItem(probe.outbox, 0)).bytes;
    await probe.outbox.remove(probe.outbox.pending()[0]!.id);
    const quota = Math.floor(itemBytes * 3.5);
    const { outbox, log, metric } = await open(quota);
    const first = await seedItem(outbox, 1_000);
    const second = await seedItem(outbox, 2_000);
    const third = await seedItem(outbox, 3_000);
    expect(await metric('wardwatch_outbox_pending')).toBe(3);
    const fourth = await seedItem(outbox, 4_000);
    expect(outbox.pending().map((item) => item.id)).toEqual([second.id, third.id, fourth.id]);
    expect(await metric('wardwatch_outbox_evicted_total')).toBe(1);
    expect(await metric('wardwatch_outbox_pending')).toBe(3);
    const evicted = log.lines.filter((line) => line.event === 'outbox_evicted');
    expect(evicted).toEqual([expect.objectContaining({ violationId: first.id, reason: 'quota', cameraId: 'cam-1', level: 40 })]);
    expect(await readdir(join(dir, 'items'))).not.toContain(first.id);
    expect(outbox.usedBytes()).toBeLessThanOrEqual(quota);

    // A big one pushes out as many of the oldest as it needs.
    await seedItem(outbox, 5_000, { clip: 9_000, snapshot: 1_000 });
    expect(outbox.pending().map((item) => item.id)).not.toContain(second.id);
    expect(await metric('wardwatch_outbox_evicted_total')).toBeGreaterThanOrEqual(2);
    expect(outbox.usedBytes()).toBeLessThanOrEqual(quota);
  });

  it('drops (and reports) a violation bigger than the whole quota instead of evicting everything', async () => {
    const { outbox, log, metric } = await open(8_000);
    const kept = await seedItem(outbox, 1_000);
    await expect(seedItem(outbox, 2_000, { clip: 20_000, snapshot: 1_000 })).rejects.toThrow('did not fit');
    expect(outbox.pending().map((item) => item.id)).toEqual([kept.id]);
    expect(await metric('wardwatch_outbox_evicted_total')).toBe(1);
    expect(log.lines.some((line) => line.event === 'outbox_evicted' && line.reason === 'larger_than_quota')).toBe(true);
  });

  it('after a crash, keeps committed items with their delivery state and forgets half-written ones', async () => {
    const first = await open();
    const a = await seedItem(first.outbox, 1_000);
    const b = await seedItem(first.outbox, 2_000);
    await first.outbox.markUploaded(a.id, 'clip', { uri: `media/${a.id}/clip`, sha256: a.record.media.clip.sha256, bytes: a.record.media.clip.bytes });
    await first.outbox.markEnqueued(b.id, new Date().toISOString());
    // What a SIGKILL in the middle of staging, or of a removal, leaves behind.
    const staged = await first.outbox.stage();
    await writeFile(join(staged, 'clip.mp4'), 'half a clip');
    await mkdir(join(dir, 'trash', 'someone'), { recursive: true });

    const second = await open();
    expect(second.outbox.pending().map((item) => item.id)).toEqual([a.id, b.id]);
    expect(second.outbox.get(a.id)?.state.clip?.uri).toBe(`media/${a.id}/clip`);
    expect(second.outbox.get(a.id)?.state.snapshot).toBeUndefined();
    expect(second.outbox.get(b.id)?.state.enqueuedAt).toBeDefined();
    expect(second.outbox.depth()).toBe(1);
    expect(await second.metric('wardwatch_outbox_pending')).toBe(1);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    expect(await readdir(join(dir, 'trash'))).toEqual([]);
  });
});
