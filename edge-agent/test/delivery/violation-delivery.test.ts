import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { violationJobV1 } from '@wardwatch/contracts';
import { signingKey, violationJobSignedWith } from '@wardwatch/contracts/agent-signature';
import { pollUntil, randomPrefix } from '@wardwatch/devkit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceRecorder } from '../../src/evidence/evidence-recorder.js';
import { createDeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { DiskOutbox } from '../../src/outbox/disk-outbox.js';
import { ViolationIntake } from '../../src/outbox/violation-intake.js';
import { createConsoleQueuePublisher } from '../../src/publish/console-queue-publisher.js';
import { OutboxPublisher } from '../../src/publish/outbox-publisher.js';
import { captureLogger } from './log-capture.js';
import { IDENTITY, parkingEvent } from './outbox-seed.js';
import { allJobs, anyRedis } from './redis-fixture.js';
import { buildSegmentCache, decodeClip, FIXTURE_WIDTH, FixtureSegmentSource, probeClip, readClock } from './segment-cache-fixture.js';
import { UploadServer } from './upload-server.js';

const TOKEN = 'pipeline-token-987654321';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-delivery-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('violation delivery, from rule event to queued job', () => {
  it('a car staying in a no-parking zone becomes exactly one job whose clip plays and shows the stay and whose snapshot is drawn', async () => {
    const base = Date.now() - 40_000;
    await mkdir(join(dir, 'cache'));
    await mkdir(join(dir, 'received'));
    const source = new FixtureSegmentSource(await buildSegmentCache(join(dir, 'cache'), { baseMs: base }));
    const redis = await anyRedis(join(dir, 'redis'));
    const server = new UploadServer(TOKEN, join(dir, 'received'));
    await server.start();
    const registry = createRegistry();
    const metrics = createDeliveryMetrics(registry);
    const log = captureLogger();
    const prefix = randomPrefix();
    const outbox = await DiskOutbox.open({ dir: join(dir, 'outbox'), maxBytes: 100_000_000, logger: log.logger, metrics });
    const recorder = new EvidenceRecorder({ settings: { preSeconds: 2, postSeconds: 2, maxPartSeconds: 20, timeZone: IDENTITY.timeZone }, now: Date.now, logger: log.logger });
    const intake = new ViolationIntake({ outbox, recorder, identity: IDENTITY, now: Date.now, logger: log.logger, metrics });
    const publisher = createConsoleQueuePublisher({ consoleUrl: server.url, token: TOKEN, redisUrl: redis.url, logger: log.logger, prefix });
    const drain = new OutboxPublisher({ outbox, publisher, logger: log.logger, metrics });
    try {
      drain.start();
      const event = { ...parkingEvent(base + 15_000), startedAtMs: base + 6_000 };
      const id = await intake.submit(event, { cameraName: 'Hàng Bông 12', zone: [[0.2, 0.3], [0.7, 0.3], [0.7, 0.9], [0.2, 0.9]], segments: source });
      expect(id).toBeDefined();
      // An `ended` update of the same stay is not a second violation.
      expect(await intake.submit({ ...event, phase: 'ended', endedAtMs: base + 20_000 }, { cameraName: 'Hàng Bông 12', zone: [], segments: source })).toBeUndefined();
      await intake.close();
      await pollUntil('delivery', () => outbox.pending().length === 0, { timeoutMs: 60_000 });

      const jobs = await allJobs(redis.url, prefix);
      expect(jobs.map((job) => job.id)).toEqual([id]);
      const job = violationJobV1.parse(jobs[0]!.data);
      expect(job).toMatchObject({ agentId: IDENTITY.agentId, cameraId: 'cam-1', cameraName: 'Hàng Bông 12', ruleType: 'illegal_parking', zoneId: 'zone-a', trackIds: [7] });
      expect(job.triggeredAt).toMatch(/\+07:00$/);
      expect(Date.parse(job.triggeredAt)).toBe(base + 15_000);
      // Signed with the agent's own token, as the console checks it: not with another one.
      expect(violationJobSignedWith(job, signingKey(TOKEN))).toBe(true);
      expect(violationJobSignedWith(job, signingKey('another-agents-token'))).toBe(false);

      const clipPath = join(dir, 'received', `${id}-clip`);
      const clip = await probeClip(clipPath);
      expect(job.media.clip.durationSeconds).toBeCloseTo(clip.durationSeconds, 2);
      expect((await decodeClip(clipPath)).errors).toBe('');
      const clock = await readClock(clipPath);
      // Stay from 6 s, trigger at 15 s, 2 s either side: the clip runs from <= 4 s to >= ~17 s.
      expect(clock[0]).toBeLessThanOrEqual(4.05);
      expect(clock.at(-1)).toBeGreaterThanOrEqual(16.7);
      const snapshot = await readFile(join(dir, 'received', `${id}-snapshot`));
      expect((await sharp(snapshot).metadata()).format).toBe('jpeg');
      expect((await sharp(snapshot).metadata()).width).toBe(FIXTURE_WIDTH);
      expect(job.media.snapshot.bytes).toBe(snapshot.length);
      expect(log.raw()).not.toContain(TOKEN);
    } finally {
      await drain.stop();
      await publisher.close();
      await server.stop();
      await redis.stop();
    }
  });
});
