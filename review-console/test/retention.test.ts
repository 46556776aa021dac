import { HEARTBEATS_QUEUE, mediaUri, VIOLATIONS_QUEUE } from '@wardwatch/contracts';
import { pollUntil, randomPrefix } from '@wardwatch/devkit';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, SummaryResponse, ViolationDetail } from '../src/api/api-types.js';
import { LocalMediaStore } from '../src/media/local-media-store.js';
import { RetentionRepository } from '../src/repositories/retention.repository.js';
import type { Actor } from '../src/services/actor.js';
import { RetentionService } from '../src/services/retention.service.js';
import { MAINTENANCE_QUEUE, RETENTION_SCHEDULER } from '../src/worker/retention-job.js';
import { startConsoleWorker } from '../src/worker/console-worker.js';
import { capturingLogger } from './support/log-capture.js';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { databaseTargets, sqliteTarget } from './support/test-databases.js';
import { testRedis } from './support/test-redis.js';

const targets = await databaseTargets();
const DAY = 86_400_000;
const ADMIN: Actor = { id: 'x', username: 'admin', role: 'admin', wards: [], districtId: null };
const WIDE = 'from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z';


describe.each(targets)('retention on $name, with a clock the test moves', (target) => {
  let h: Harness;
  let officer: Client;
  let admin: Client;
  let store: LocalMediaStore;
  const ids = { dismissed: '', confirmed: '', pending: '' };
  let decidedAt = 0;

  const filesOf = async (id: string) => [await store.size(mediaUri(id, 'clip')), await store.size(mediaUri(id, 'snapshot'))];
  const detail = async (id: string) => (await (await admin.request('GET', `/api/violations/${id}`)).json()) as ViolationDetail;
  const figures = async () => (await (await admin.request('GET', `/api/dashboard/summary?${WIDE}&groupBy=camera`)).json()) as SummaryResponse;
  const retentionAt = (nowMs: number, logger: Logger = pino({ level: 'silent' })) =>
    new RetentionService(new RetentionRepository(h.db.db), store, { dismissedDays: 30, confirmedDays: 365 }, () => new Date(nowMs), logger);

  beforeAll(async () => {
    h = await startHarness(target);
    store = new LocalMediaStore(h.db.dataDir);
    officer = await h.login('canbo.hoankiem');
    admin = await h.login('admin');
    for (const [name, minute] of [['dismissed', 1], ['confirmed', 2], ['pending', 3]] as const) {
      ids[name] = (await h.addCase('hoan-kiem', { triggeredAt: new Date(Date.UTC(2025, 5, 1, 3, minute)) })).violationId;
    }
    for (const decision of ['dismissed', 'confirmed'] as const) {
      const res = await officer.request('POST', `/api/violations/${ids[decision]}/decision`, { body: { decision, reason: 'clear_violation', note: 'owner Nguyễn Văn A', plate: '29A-123.45' } });
      expect(res.status).toBe(200);
    }
    decidedAt = Date.parse((await detail(ids.confirmed)).decidedAt ?? '');
  });
  afterAll(async () => h?.close());

  it('before its time nothing is deleted; after N days a dismissed case loses its media and personal data, and the counts stay', async () => {
    const before = await figures();
    expect((await retentionAt(decidedAt + 29 * DAY).purgeDue()).purged).toEqual([]);
    expect(await filesOf(ids.dismissed)).toEqual([h.clip.bytes.length, h.snapshot.bytes.length]);

    const { logger, lines } = capturingLogger();
    const report = await retentionAt(decidedAt + 30 * DAY + 60_000, logger).purgeDue();
    expect(report.purged.map((p) => p.id)).toEqual([ids.dismissed]);
    expect(report.filesDeleted).toBe(2);
    expect(await filesOf(ids.dismissed)).toEqual([null, null]);
    expect(existsSync(join(h.db.dataDir, 'media', ids.dismissed))).toBe(false);
    expect(lines.filter((l) => l.msg === 'retention: case purged').map((l) => l.violationId)).toEqual([ids.dismissed]);
    expect(lines.filter((l) => l.msg === 'retention: evidence file deleted').map((l) => l.kind).sort()).toEqual(['clip', 'snapshot']);

    const purged = await detail(ids.dismissed);
    expect(purged).toMatchObject({ purged: true, clip: null, snapshot: null, status: 'dismissed', ward: 'hoan-kiem', cameraId: 'cam-1', ruleType: 'illegal_parking' });
    expect(purged.purgedAt).toBe(new Date(decidedAt + 30 * DAY + 60_000).toISOString());
    expect(purged.decision).toMatchObject({ decision: 'dismissed', reason: 'clear_violation', note: null, plate: null });
    const clip = await admin.request('GET', `/api/violations/${ids.dismissed}/clip`);
    expect(clip.status).toBe(410);
    expect(((await clip.json()) as { error: { code: string } }).error.code).toBe('media_purged');
    const supervisor = await h.login('giamsat');
    expect((await supervisor.request('POST', `/api/violations/${ids.dismissed}/reopen`, { body: { reason: 'look again' } })).status).toBe(409);

    const audit = (await (await admin.request('GET', '/api/audit?action=retention_purge')).json()) as AuditPage;
    expect(audit.items.map((e) => [e.violationId, e.actor])).toEqual([[ids.dismissed, null]]);

    // The confirmed and pending cases are untouched.
    expect(await filesOf(ids.confirmed)).toEqual([h.clip.bytes.length, h.snapshot.bytes.length]);
    expect((await detail(ids.confirmed)).decision?.plate).toBe('29A-123.45');
    expect(await figures()).toEqual(before);
  });

  it('confirmed cases go after M days; pending cases never; a second run finds nothing', async () => {
    const before = await figures();
    const later = decidedAt + 366 * DAY;
    const report = await retentionAt(later).purgeDue();
    expect(report.purged.map((p) => [p.id, p.status])).toEqual([[ids.confirmed, 'confirmed']]);
    expect(await filesOf(ids.confirmed)).toEqual([null, null]);
    expect((await detail(ids.confirmed)).decision).toMatchObject({ decision: 'confirmed', plate: null, note: null });
    expect(await filesOf(ids.pending)).toEqual([h.clip.bytes.length, h.snapshot.bytes.length]);
    expect(await detail(ids.pending)).toMatchObject({ purged: false, status: 'pending' });
    expect(await retentionAt(later + 10 * 365 * DAY).purgeDue()).toMatchObject({ purged: [], filesDeleted: 0 });
    expect(await figures()).toEqual(before);
  });

  it('files a run could not delete (it stopped after marking the case) are deleted by the next run', async () => {
    const id = (await h.addCase('hoan-kiem', { triggeredAt: new Date(Date.UTC(2025, 5, 1, 4)) })).violationId;
    expect((await officer.request('POST', `/api/violations/${id}/decision`, { body: { decision: 'dismissed', reason: 'false_detection' } })).status).toBe(200);
    const row = await h.services.review.visibleCase(ADMIN, id);
    const repo = new RetentionRepository(h.db.db);
    expect(await repo.markPurged({ id, ward_id: row.ward_id, camera_id: row.camera_id, rule_type: row.rule_type, status: row.status, decided_at: row.decided_at! }, new Date().toISOString(), { at: new Date().toISOString(), actor: null, action: 'retention_purge', violationId: id })).toBe(true);
    expect(await filesOf(id)).toEqual([h.clip.bytes.length, h.snapshot.bytes.length]);
    const report = await retentionAt(decidedAt).purgeDue();
    expect(report).toMatchObject({ purged: [], filesDeleted: 2 });
    expect(await filesOf(id)).toEqual([null, null]);
  });
});

describe('the retention job on real Redis', () => {
  it('is registered as a repeatable job in the worker and purges a case that is past its time', async () => {
    const redis = await testRedis();
    const h = await startHarness(sqliteTarget);
    const prefix = randomPrefix();
    const queues = [MAINTENANCE_QUEUE, VIOLATIONS_QUEUE, HEARTBEATS_QUEUE].map((name) => new Queue(name, { connection: { url: redis.url }, prefix }));
    try {
      const job = await h.addCase('cua-nam');
      // Decided 40 days ago (the default policy keeps dismissed cases 30 days).
      const decided = new Date(Date.now() - 40 * DAY).toISOString();
      await h.db.db.updateTable('violations').set({ status: 'dismissed', decision: 'dismissed', decision_reason: 'false_detection', plate: '30E-999.99', decided_at: decided }).where('id', '=', job.violationId).execute();
      const store = new LocalMediaStore(h.db.dataDir);
      expect(await store.size(mediaUri(job.violationId, 'clip'))).toBe(h.clip.bytes.length);

      const worker = await startConsoleWorker({ redisUrl: redis.url, prefix, services: h.services, logger: pino({ level: 'silent' }), retention: { everyMs: 3_600_000 } });
      try {
        const schedulers = await queues[0]!.getJobSchedulers();
        expect(schedulers.map((s) => [s.key, s.name, s.every])).toEqual([[RETENTION_SCHEDULER, 'retention', 3_600_000]]);
        const row = await pollUntil(
          'the scheduled retention to purge the case',
          async () => {
            const found = await h.services.review.visibleCase(ADMIN, job.violationId);
            return found.purged_at !== null ? found : undefined;
          },
          { timeoutMs: 60_000 },
        );
        expect(row.plate).toBeNull();
        await pollUntil('the purged clip file removed', async () => (await store.size(mediaUri(job.violationId, 'clip'))) === null, { timeoutMs: 30_000 });
        expect(await store.size(mediaUri(job.violationId, 'clip'))).toBeNull();
        const completed = await queues[0]!.getJobs(['completed']);
        expect(completed.some((j) => j.name === 'retention' && (j.returnvalue as { purged: number }).purged === 1)).toBe(true);
      } finally {
        await worker.close();
      }
    } finally {
      for (const queue of queues) await queue.obliterate({ force: true }).catch(() => undefined);
      for (const queue of queues) await queue.close();
      await h.close();
      await redis.stop();
    }
  });
});
