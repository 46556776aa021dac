import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { VIOLATIONS_QUEUE, HEARTBEATS_QUEUE, type AgentHeartbeat, type ViolationJob } from '@wardwatch/contracts';
import { signHeartbeat, signViolationJob } from '@wardwatch/contracts/agent-signature';
import { pollUntil, randomPrefix } from '@wardwatch/devkit';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleWorker, VIEWING_COPIES_QUEUE, type ConsoleWorker } from '../src/worker/console-worker.js';
import { startHarness, type Harness } from './support/app-harness.js';
import { databaseTargets } from './support/test-databases.js';
import { testRedis, type TestRedis } from './support/test-redis.js';
import { realHevcClip, violationJob } from './support/evidence.js';

/** The video codec of MP4 bytes, by ffprobe reading them from stdin. */
function codecOf(bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const probe = execFile('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', '-i', 'pipe:0'], (error, stdout) => (error ? reject(new Error(error.message)) : resolve(stdout.trim())));
    probe.stdin?.end(bytes);
  });
}

const targets = await databaseTargets();

describe.each(targets)('worker on real Redis and $name', (target) => {
  let redis: TestRedis;
  let h: Harness;
  let worker: ConsoleWorker;
  let queue: Queue;
  let beats: Queue;
  let events: QueueEvents;
  const prefix = randomPrefix();

  beforeAll(async () => {
    redis = await testRedis();
    h = await startHarness(target);
    // Short locks, so that a stalled job comes back in seconds (finding 7 below).
    worker = await startConsoleWorker({ redisUrl: redis.url, prefix, services: h.services, logger: pino({ level: 'silent' }), concurrency: 4, stalls: { lockMs: 2_000, checkEveryMs: 1_000 } });
    const connection = { url: redis.url };
    queue = new Queue(VIOLATIONS_QUEUE, { connection, prefix });
    beats = new Queue(HEARTBEATS_QUEUE, { connection, prefix });
    events = new QueueEvents(VIOLATIONS_QUEUE, { connection, prefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await worker?.close();
    await Promise.all([queue?.obliterate({ force: true }), beats?.obliterate({ force: true })]);
    await Promise.all([queue?.close(), beats?.close(), events?.close()]);
    await h?.close();
    await redis?.stop();
  });

  /** The job as its agent sends it: signed with the agent's own token. */
  async function signed(job: ViolationJob): Promise<ViolationJob> {
    return signViolationJob(job, await h.agentToken(job.agentId.replace(/^agent-/, '')));
  }

  async function uploadEvidence(ward: string, violationId: string) {
    const token = await h.agentToken(ward);
    expect((await h.upload(token, violationId, 'clip', h.clip.bytes)).status).toBe(201);
    expect((await h.upload(token, violationId, 'snapshot', h.snapshot.bytes)).status).toBe(201);
  }

  it('jobs in, cases out: each uploaded-and-enqueued violation becomes one pending case', async () => {
    const jobs: ReturnType<typeof violationJob>[] = [];
    for (let i = 0; i < 5; i += 1) {
      const job = violationJob({ agentId: 'agent-hoan-kiem', ward: 'hoan-kiem', clip: h.clip, snapshot: h.snapshot, triggeredAt: new Date(Date.UTC(2025, 5, 1, 3, i)) });
      await uploadEvidence('hoan-kiem', job.violationId);
      await queue.add(VIOLATIONS_QUEUE, await signed(job), { jobId: job.violationId });
      jobs.push(job);
    }
    const admin = await h.login('admin');
    await pollUntil('5 cases', async () => {
      const page = (await (await admin.request('GET', '/api/violations?ward=hoan-kiem&status=pending&limit=50')).json()) as { items: { id: string }[] };
      return jobs.every((j) => page.items.some((i) => i.id === j.violationId));
    });
    const detail = (await (await admin.request('GET', `/api/violations/${jobs[0]!.violationId}`)).json()) as { status: string; clip: { sha256: string }; triggeredAt: string };
    expect(detail.status).toBe('pending');
    expect(detail.clip.sha256).toBe(h.clip.sha256);
    expect(detail.triggeredAt).toBe('2025-06-01T03:00:00.000Z');
  });

  it('duplicates collapse: the same violation delivered three times is one case', async () => {
    const job = violationJob({ agentId: 'agent-cua-nam', ward: 'cua-nam', clip: h.clip, snapshot: h.snapshot });
    await uploadEvidence('cua-nam', job.violationId);
    // Different job ids defeat BullMQ's own de-duplication, as a re-enqueue after a crash would.
    for (const suffix of ['a', 'b', 'c']) {
      const added = await queue.add(VIOLATIONS_QUEUE, await signed(job), { jobId: `${job.violationId}-${suffix}` });
      await added.waitUntilFinished(events, 30_000);
    }
    const rows = await h.db.db.selectFrom('violations').select('id').where('id', '=', job.violationId).execute();
    expect(rows).toHaveLength(1);
    const metrics = await h.registry.getSingleMetricAsString('wardwatch_console_jobs_processed_total');
    expect(metrics).toMatch(/result="duplicate"} [1-9]/);
  });

  it('a poisoned job fails with its reason while the next one is stored', async () => {
    const bad = await queue.add(VIOLATIONS_QUEUE, { version: 1, violationId: 'not-a-uuid', ward: 'hoan-kiem' }, { attempts: 5 });
    const good = violationJob({ agentId: 'agent-hoan-kiem', ward: 'hoan-kiem', clip: h.clip, snapshot: h.snapshot });
    await uploadEvidence('hoan-kiem', good.violationId);
    const next = await queue.add(VIOLATIONS_QUEUE, await signed(good), { jobId: good.violationId });
    await expect(bad.waitUntilFinished(events, 30_000)).rejects.toThrow(/invalid violation job: violationId: must be a lowercase UUIDv7/);
    await next.waitUntilFinished(events, 30_000);
    const failed = await queue.getJob(bad.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/agentId/);
    expect(await h.db.db.selectFrom('violations').select('status').where('id', '=', good.violationId).executeTakeFirst()).toEqual({ status: 'pending' });
  });

  it("an agent cannot publish into another ward, and evidence that does not match the job is refused", async () => {
    const foreign = violationJob({ agentId: 'agent-hoan-kiem', ward: 'cua-nam', clip: h.clip, snapshot: h.snapshot });
    await uploadEvidence('hoan-kiem', foreign.violationId);
    const job = await queue.add(VIOLATIONS_QUEUE, await signed(foreign), { jobId: foreign.violationId });
    await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow(/belongs to ward hoan-kiem, not cua-nam/);

    const mismatched = violationJob({ agentId: 'agent-hoan-kiem', ward: 'hoan-kiem', clip: { ...h.clip, sha256: 'f'.repeat(64) }, snapshot: h.snapshot });
    await uploadEvidence('hoan-kiem', mismatched.violationId);
    const job2 = await queue.add(VIOLATIONS_QUEUE, await signed(mismatched), { jobId: mismatched.violationId });
    await expect(job2.waitUntilFinished(events, 30_000)).rejects.toThrow(/does not match the upload/);
    expect(await h.db.db.selectFrom('violations').select('id').where('id', 'in', [foreign.violationId, mismatched.violationId]).execute()).toEqual([]);
  });

  it('counts a refused job by its kind: reason="invalid" when it breaks the job contract, reason="rejected" when a well-formed job is refused', async () => {
    const failures = async () => {
      const values = (await h.services.metrics.jobsFailed.get()).values.filter((v) => v.labels.queue === VIOLATIONS_QUEUE);
      const count = (reason: string) => values.find((v) => v.labels.reason === reason)?.value ?? 0;
      return { invalid: count('invalid'), rejected: count('rejected') };
    };
    const before = await failures();
    const broken = await queue.add(VIOLATIONS_QUEUE, { version: 1, violationId: 'not-a-uuid', ward: 'hoan-kiem' });
    await expect(broken.waitUntilFinished(events, 30_000)).rejects.toThrow(/^invalid violation job: /);
    expect(await failures()).toEqual({ invalid: before.invalid + 1, rejected: before.rejected });

    const foreign = violationJob({ agentId: 'agent-hoan-kiem', ward: 'cua-nam', clip: h.clip, snapshot: h.snapshot });
    await uploadEvidence('hoan-kiem', foreign.violationId);
    const refused = await queue.add(VIOLATIONS_QUEUE, await signed(foreign), { jobId: foreign.violationId });
    await expect(refused.waitUntilFinished(events, 30_000)).rejects.toThrow(/belongs to ward hoan-kiem, not cua-nam/);
    expect(await failures()).toEqual({ invalid: before.invalid + 1, rejected: before.rejected + 1 });
  });

  it('a job whose data is not JSON (written straight into Redis) fails with its reason instead of stalling for ever', async () => {
    const added = await queue.add(VIOLATIONS_QUEUE, { placeholder: true }, { jobId: `unreadable-${prefix}`, delay: 600_000 });
    const raw = new Redis(redis.url);
    try {
      await raw.hset(`${prefix}:${VIOLATIONS_QUEUE}:${added.id}`, 'data', 'not json{');
    } finally {
      raw.disconnect();
    }
    await added.promote();
    const reason = await pollUntil('the job failed with a reason', async () => ((await queue.getJobState(added.id!)) === 'failed' ? (await queue.getJob(added.id!))?.failedReason : undefined), { timeoutMs: 60_000 });
    expect(reason).toMatch(/^invalid violation job: /);
  });

  it('a job whose evidence is not uploaded yet waits and is stored once the upload arrives', async () => {
    const job = violationJob({ agentId: 'agent-hoan-kiem', ward: 'hoan-kiem', clip: h.clip, snapshot: h.snapshot });
    await queue.add(VIOLATIONS_QUEUE, await signed(job), { jobId: job.violationId, attempts: 10, backoff: { type: 'fixed', delay: 300 } });
    await pollUntil('a media_missing retry', async () => (await h.registry.getSingleMetricAsString('wardwatch_console_jobs_failed_total')).includes('reason="media_missing"'));
    await uploadEvidence('hoan-kiem', job.violationId);
    await pollUntil('the case', async () => h.db.db.selectFrom('violations').select('id').where('id', '=', job.violationId).executeTakeFirst());
  });

  it('an H.265 clip gets an H.264 copy that the case page plays; the original stays the evidence', async () => {
    const hevc = realHevcClip();
    const job = violationJob({ agentId: 'agent-hoan-kiem', ward: 'hoan-kiem', clip: hevc, snapshot: h.snapshot, shortfall: { kind: 'partial', coveredSeconds: 3.4, wantedSeconds: 8 }, marks: { startedSeconds: 0.5, triggeredSeconds: 2.25 } });
    const token = await h.agentToken('hoan-kiem');
    expect((await h.upload(token, job.violationId, 'clip', hevc.bytes, { 'x-content-sha256': hevc.sha256 })).status).toBe(201);
    expect((await h.upload(token, job.violationId, 'snapshot', h.snapshot.bytes)).status).toBe(201);
    await queue.add('violation', await signed(job), { jobId: job.violationId });
    const copy = await pollUntil('the viewing copy', async () => h.db.db.selectFrom('media').selectAll().where('violation_id', '=', job.violationId).where('kind', '=', 'clip-view').executeTakeFirst(), { timeoutMs: 60_000 });
    expect(copy.mime).toBe('video/mp4');
    const officer = await h.login('canbo.hoankiem');
    const served = Buffer.from(await (await officer.request('GET', `/api/violations/${job.violationId}/clip`)).arrayBuffer());
    expect(createHash('sha256').update(served).digest('hex')).toBe(copy.sha256);
    expect(await codecOf(served)).toBe('h264');
    // The agent said the clip holds part of its window; the case says so too.
    const detail = (await (await officer.request('GET', `/api/violations/${job.violationId}`)).json()) as { zoneName: string | null; clip: { shortfall: unknown; marks: unknown } };
    expect(detail.clip.shortfall).toEqual({ kind: 'partial', coveredSeconds: 3.4, wantedSeconds: 8 });
    // So are where the arrival and the trigger are in the clip, and the zone's name.
    expect(detail.clip.marks).toEqual({ startedSeconds: 0.5, triggeredSeconds: 2.25 });
    expect(detail.zoneName).toBe('Cổng chợ Hàng Bạc');
    // The evidence itself is untouched: the stored clip is still the agent's H.265 bytes.
    const original = await h.db.db.selectFrom('media').selectAll().where('violation_id', '=', job.violationId).where('kind', '=', 'clip').executeTakeFirstOrThrow();
    expect(original.sha256).toBe(hevc.sha256);
    // An H.264 clip needs no copy.
    const plain = violationJob({ agentId: 'agent-hoan-kiem', ward: 'hoan-kiem', clip: h.clip, snapshot: h.snapshot });
    await uploadEvidence('hoan-kiem', plain.violationId);
    await queue.add('violation', await signed(plain), { jobId: plain.violationId });
    await pollUntil('the plain case', async () => h.db.db.selectFrom('violations').select('id').where('id', '=', plain.violationId).executeTakeFirst());
    const copies = new Queue(VIEWING_COPIES_QUEUE, { connection: { url: redis.url }, prefix });
    try {
      expect(await pollUntil('its copy job done', async () => ((await copies.getJobState(plain.violationId)) === 'completed' ? 'completed' : undefined))).toBe('completed');
      expect(await copies.getJob(plain.violationId).then((j) => j?.returnvalue as unknown)).toEqual({ outcome: 'playable' });
    } finally {
      await copies.obliterate({ force: true });
      await copies.close();
    }
    expect(await h.db.db.selectFrom('media').select('kind').where('violation_id', '=', plain.violationId).execute()).toEqual(expect.not.arrayContaining([{ kind: 'clip-view' }]));
  });

  it('heartbeats update camera status, and a quiet agent shows its cameras down', async () => {
    const beat: AgentHeartbeat = {
      version: 1, agentId: 'agent-tay-ho', ward: 'tay-ho', agentVersion: '0.1.0', sentAt: new Date().toISOString(), uptimeSeconds: 12, outboxPending: 2,
      cameras: [
        { id: 'cam-a', name: 'Âu Cơ 1', state: 'up', fps: 9.5, restarts: 0, lastFrameAt: new Date().toISOString(), record: { state: 'failing', lastError: 'the stream has B-frames without timestamps', restarts: 4 } },
        { id: 'cam-b', name: 'Âu Cơ 2', state: 'down', fps: 0, restarts: 3, lastError: 'connection refused' },
      ],
    };
    await beats.add(HEARTBEATS_QUEUE, signHeartbeat(beat, await h.agentToken('tay-ho')));
    const officer = await h.login('canbo.tayho');
    const cams = await pollUntil('camera rows', async () => {
      const body = (await (await officer.request('GET', '/api/cameras')).json()) as { items: { cameraId: string; status: string; stale: boolean; lastError: string | null; fps: number; record: unknown }[] };
      return body.items.length === 2 ? body.items : undefined;
    });
    expect(cams.map((c) => [c.cameraId, c.status, c.stale])).toEqual([['cam-a', 'up', false], ['cam-b', 'down', false]]);
    expect(cams[1]!.lastError).toBe('connection refused');
    // Detecting, but its clips cannot be cut: shown apart from the camera's own state.
    expect(cams.map((c) => c.record)).toEqual([{ state: 'failing', lastError: 'the stream has B-frames without timestamps' }, null]);
    const officerA = await h.login('canbo.hoankiem');
    expect(((await (await officerA.request('GET', '/api/cameras')).json()) as { items: unknown[] }).items).toEqual([]);
    // An hour-old heartbeat: the agent has gone quiet, so even the "up" camera reads down.
    await h.db.db.updateTable('camera_status').set({ received_at: new Date(Date.now() - 3_600_000).toISOString() }).where('agent_id', '=', 'agent-tay-ho').execute();
    const stale = (await (await officer.request('GET', '/api/cameras')).json()) as { items: { status: string; stale: boolean }[] };
    expect(stale.items.map((c) => [c.status, c.stale])).toEqual([['down', true], ['down', true]]);
  });

  it('a heartbeat that arrives after a newer one does not move camera health back', async () => {
    // Live reports (within a minute of the console's clock): a late one is still taken, but changes nothing.
    const base = Date.now() - 60_000;
    const at = (ms: number) => new Date(base + ms).toISOString();
    const beat = (sentAt: string, state: 'up' | 'down', restarts: number): AgentHeartbeat => ({
      version: 1, agentId: 'agent-tay-ho', ward: 'tay-ho', agentVersion: '0.1.0', sentAt, uptimeSeconds: 60, outboxPending: 0,
      cameras: [{ id: 'cam-late', name: 'Âu Cơ 3', state, fps: state === 'up' ? 5 : 0, restarts, ...(state === 'down' ? { lastError: 'connection refused' } : {}) }],
    });
    const token = await h.agentToken('tay-ho');
    await h.services.ingest.ingestHeartbeat(signHeartbeat(beat(at(0), 'up', 0), token));
    await h.services.ingest.ingestHeartbeat(signHeartbeat(beat(at(10_000), 'down', 1), token));
    // Queued behind others, the report from 5 s after the first lands last.
    await h.services.ingest.ingestHeartbeat(signHeartbeat(beat(at(5_000), 'up', 0), token));
    const row = await h.db.db.selectFrom('camera_status').selectAll().where('camera_id', '=', 'cam-late').executeTakeFirstOrThrow();
    expect([row.state, row.restarts, row.last_error, row.sent_at]).toEqual(['down', 1, 'connection refused', at(10_000)]);
  });

  it('a camera row stamped by an agent clock that ran ahead does not freeze once the clock is set right', async () => {
    const token = await h.agentToken('tay-ho');
    const beat = (sentAt: Date, state: 'up' | 'down'): AgentHeartbeat =>
      signHeartbeat({ version: 1, agentId: 'agent-tay-ho', ward: 'tay-ho', agentVersion: '0.1.0', sentAt: sentAt.toISOString(), uptimeSeconds: 5, outboxPending: 0, cameras: [{ id: 'cam-clock', name: 'Âu Cơ 4', state, fps: 0, restarts: 0 }] }, token);
    // Two hours ahead, then NTP steps the clock back.
    await h.services.ingest.ingestHeartbeat(beat(new Date(Date.now() + 7_200_000), 'up'));
    await h.services.ingest.ingestHeartbeat(beat(new Date(), 'down'));
    const row = await h.db.db.selectFrom('camera_status').selectAll().where('camera_id', '=', 'cam-clock').executeTakeFirstOrThrow();
    expect(row.state).toBe('down');
  });

  it("a heartbeat in another agent's name, unsigned or signed with another agent's token, is refused and changes nothing", async () => {
    const beat: AgentHeartbeat = {
      version: 1, agentId: 'agent-tay-ho', ward: 'tay-ho', agentVersion: '0.1.0', sentAt: new Date(Date.now() + 60_000).toISOString(), uptimeSeconds: 1, outboxPending: 0,
      cameras: [{ id: 'cam-late', name: 'Forged', state: 'up', fps: 25, restarts: 0 }],
    };
    await h.agentToken('tay-ho');
    const otherWardsToken = await h.agentToken('hoan-kiem');
    const before = await h.db.db.selectFrom('camera_status').selectAll().where('camera_id', '=', 'cam-late').executeTakeFirst();
    await expect(h.services.ingest.ingestHeartbeat(beat)).rejects.toThrow(/heartbeat of agent agent-tay-ho is unsigned/);
    await expect(h.services.ingest.ingestHeartbeat(signHeartbeat(beat, otherWardsToken))).rejects.toThrow(/not signed with its token/);
    const after = await h.db.db.selectFrom('camera_status').selectAll().where('camera_id', '=', 'cam-late').executeTakeFirst();
    expect(after).toEqual(before);
  });

  it('metrics show processed and failed jobs, the review backlog per ward and decision latency', async () => {
    const officer = await h.login('canbo.cuanam');
    const page = (await (await officer.request('GET', '/api/violations?status=pending')).json()) as { items: { id: string }[] };
    expect((await officer.request('POST', `/api/violations/${page.items[0]!.id}/decision`, { body: { decision: 'confirmed', reason: 'parked' } })).status).toBe(200);
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(text).toMatch(/wardwatch_console_jobs_processed_total\{queue="violations",result="stored"\} [1-9]/);
    expect(text).toMatch(/wardwatch_console_jobs_failed_total\{queue="violations",reason="invalid"\} [1-9]/);
    expect(text).toMatch(/wardwatch_console_review_backlog\{ward="hoan-kiem"\} [1-9]/);
    expect(text).toMatch(/wardwatch_console_decision_latency_seconds_count\{decision="confirmed"\} 1/);
    expect(text).not.toMatch(/wardwatch_console_review_backlog\{ward="cua-nam"\}/);
  });
});
