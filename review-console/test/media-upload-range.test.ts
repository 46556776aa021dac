import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateUuidV7, mediaUri } from '@wardwatch/contracts';
import { startS3Server, type TestS3Server } from '@wardwatch/devkit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3MediaStore } from '../src/media/s3-media-store.js';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { sqliteTarget } from './support/test-databases.js';
import { s3MediaStore } from './support/test-s3.js';

/** Each store the console can keep evidence in: the same API over both. */
const STORES = [{ store: 'the data folder', s3: false }, { store: 'an S3 bucket', s3: true }] as const;

describe.each(STORES)('evidence upload and playback, kept in $store', ({ s3 }) => {
  let h: Harness;
  let officer: Client;
  let caseId: string;
  let token: string;
  let server: TestS3Server | undefined;
  let bucket: S3MediaStore | undefined;

  beforeAll(async () => {
    if (s3) {
      server = await startS3Server({ bucket: 'wardwatch-evidence' });
      bucket = s3MediaStore(server, 'console/');
    }
    h = await startHarness(sqliteTarget, { maxMediaBytes: 200_000, media: bucket });
    caseId = (await h.addCase('hoan-kiem')).violationId;
    officer = await h.login('canbo.hoankiem');
    token = await h.agentToken('hoan-kiem');
  }, 30_000);
  afterAll(async () => {
    await h?.close();
    bucket?.close();
    await server?.stop();
  });

  it('keeps the files in the store the console was given, and nowhere else', async () => {
    const clipKey = mediaUri(caseId, 'clip');
    expect(existsSync(join(h.db.dataDir, clipKey))).toBe(!s3);
    if (bucket) expect(await bucket.size(clipKey)).toBe(h.clip.bytes.length);
  });

  it('serves byte ranges of a clip with 206 and the right Content-Range, so the player can seek', async () => {
    const size = h.clip.bytes.length;
    const full = await officer.request('GET', `/api/violations/${caseId}/clip`);
    expect(full.status).toBe(200);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await full.arrayBuffer()).equals(h.clip.bytes)).toBe(true);

    const cases: [string, number, number][] = [['bytes=0-1023', 0, 1023], ['bytes=1000-', 1000, size - 1], ['bytes=-500', size - 500, size - 1], [`bytes=10-${size + 100}`, 10, size - 1]];
    for (const [range, start, end] of cases) {
      const res = await officer.request('GET', `/api/violations/${caseId}/clip`, { headers: { range } });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(Number(res.headers.get('content-length'))).toBe(end - start + 1);
      expect(Buffer.from(await res.arrayBuffer()).equals(h.clip.bytes.subarray(start, end + 1))).toBe(true);
    }
    const outside = await officer.request('GET', `/api/violations/${caseId}/clip`, { headers: { range: `bytes=${size}-` } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${size}`);
    const snap = await officer.request('GET', `/api/violations/${caseId}/snapshot`);
    expect(snap.headers.get('content-type')).toBe('image/jpeg');
    expect(createHash('sha256').update(Buffer.from(await snap.arrayBuffer())).digest('hex')).toBe(h.snapshot.sha256);
  });

  it("cuts the object out of the snapshot for thumbnails and close-ups, only for those who may see the case", async () => {
    for (const [size, width] of [['thumb', 160], ['large', 640]] as const) {
      const res = await officer.request('GET', `/api/violations/${caseId}/crop?size=${size}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      // The snapshot is 640 px wide: a large crop is never enlarged past what it holds.
      expect(meta.width).toBeLessThanOrEqual(width);
      expect(meta.width / meta.height).toBeCloseTo(4 / 3, 1);
    }
    const stranger = await h.login('canbo.cuanam');
    expect((await stranger.request('GET', `/api/violations/${caseId}/crop`)).status).toBe(404);
    // Not a viewing of its own: a queue of hundreds would bury the log.
    const views = await h.db.db.selectFrom('audit_log').select('id').where('action', '=', 'media_view').where('violation_id', '=', caseId).where('after_json', 'like', '%crop%').execute();
    expect(views).toEqual([]);
  });

  it('records who viewed which evidence, once per viewing rather than once per range request', async () => {
    const { violationId } = await h.addCase('hoan-kiem');
    await officer.request('GET', `/api/violations/${violationId}/clip`, { headers: { range: 'bytes=0-99' } });
    await officer.request('GET', `/api/violations/${violationId}/clip`, { headers: { range: 'bytes=100-199' } });
    const views = await h.db.db.selectFrom('audit_log').select(['actor_username']).where('action', '=', 'media_view').where('violation_id', '=', violationId).execute();
    expect(views.map((v) => v.actor_username)).toEqual(['canbo.hoankiem']);
  });

  it('uploads are idempotent by violation id, kind and sha256', async () => {
    const id = generateUuidV7();
    const first = await h.upload(token, id, 'clip', h.clip.bytes);
    expect(first.status).toBe(201);
    const body = (await first.json()) as { uri: string; sha256: string; bytes: number };
    expect(body).toEqual({ uri: `media/${id}/clip`, sha256: h.clip.sha256, bytes: h.clip.bytes.length });
    const again = await h.upload(token, id, 'clip', h.clip.bytes);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
  });

  it('refuses uploads without a valid token, with the wrong type, a wrong hash, or too many bytes', async () => {
    const id = generateUuidV7();
    expect((await h.upload('wwa_forged', id, 'clip', h.clip.bytes)).status).toBe(401);
    expect((await h.upload(token, id, 'clip', h.clip.bytes, { authorization: '' })).status).toBe(401);
    expect((await h.upload(token, id, 'clip', h.clip.bytes, { 'content-type': 'text/html' })).status).toBe(415);
    expect((await h.upload(token, id, 'clip', h.clip.bytes, { 'x-content-sha256': 'b'.repeat(64) })).status).toBe(400);
    expect((await h.upload(token, id, 'clip', h.clip.bytes, { 'x-content-sha256': 'nope' })).status).toBe(400);
    const big = Buffer.alloc(250_000, 1);
    const tooBig = await h.upload(token, id, 'clip', big, { 'x-content-sha256': createHash('sha256').update(big).digest('hex') });
    expect(tooBig.status).toBe(413);
    expect((await h.upload(token, id, 'snapshot', h.snapshot.bytes, { 'content-type': 'video/mp4' })).status).toBe(415);
    expect(await h.db.db.selectFrom('media').select('kind').where('violation_id', '=', id).execute()).toEqual([]);
  });

  it("another agent cannot replace a violation's evidence, and stored evidence cannot be swapped", async () => {
    const other = await h.agentToken('cua-nam');
    expect((await h.upload(other, caseId, 'clip', h.clip.bytes)).status).toBe(409);
    const different = Buffer.concat([h.clip.bytes, Buffer.from([0])]);
    const res = await h.upload(token, caseId, 'clip', different, { 'x-content-sha256': createHash('sha256').update(different).digest('hex') });
    expect(res.status).toBe(409);
    const still = await officer.request('GET', `/api/violations/${caseId}/clip`);
    expect(Buffer.from(await still.arrayBuffer()).equals(h.clip.bytes)).toBe(true);
  });

  it('serves an OpenAPI document and a health check', async () => {
    const doc = (await (await fetch(`${h.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/violations', '/api/violations/{id}/clip', '/api/agent/violations/{violationId}/media/{kind}']));
    expect(await (await fetch(`${h.url}/healthz`)).json()).toEqual({ status: 'ok', database: 'ok', redis: 'not_configured', media: 'ok' });
  });
});
