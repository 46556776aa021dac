import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startS3Server, type TestS3Server } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/app-harness.js';
import { capturingLogger } from './support/log-capture.js';
import { s3MediaStore } from './support/test-s3.js';
import { sqliteTarget } from './support/test-databases.js';

describe('a media store that is not where the cases\' files are', () => {
  let s3: TestS3Server;
  const harnesses: Harness[] = [];

  beforeAll(async () => {
    s3 = await startS3Server({ bucket: 'ward-evidence' });
  }, 60_000);

  afterAll(async () => {
    for (const h of harnesses) await h.close();
    await s3?.stop();
  });

  it('turns /healthz degraded (still serving) and logs each case whose file is gone', async () => {
    const capture = capturingLogger();
    const h = await startHarness(sqliteTarget, { logger: capture.logger });
    harnesses.push(h);
    await h.addCase('hoan-kiem');
    const newest = await h.addCase('hoan-kiem');
    expect(await (await fetch(`${h.url}/healthz`)).json()).toMatchObject({ status: 'ok', media: 'ok' });

    await rm(join(h.db.dataDir, 'media', newest.violationId, 'clip'));
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', media: 'missing', database: 'ok' });
    const officer = await h.login('canbo.hoankiem');
    expect((await officer.request('GET', `/api/violations/${newest.violationId}/clip`)).status).toBe(404);
    expect(capture.lines).toContainEqual(expect.objectContaining({ level: 50, violationId: newest.violationId, kind: 'clip', msg: expect.stringMatching(/WARDWATCH_MEDIA_URL/) }));
  }, 60_000);

  it('says so for a bucket that lacks the newest case\'s clip, and for one that does not answer', async () => {
    const store = s3MediaStore(s3, 'ward-7/');
    const h = await startHarness(sqliteTarget, { media: store });
    harnesses.push(h);
    const job = await h.addCase('hoan-kiem');
    expect(await h.services.media.checkStore()).toBe('ok');
    // As a console pointed at another prefix (or at a bucket media migrate never filled) sees it.
    await store.delete(`media/${job.violationId}/clip`);
    expect(await h.services.media.checkStore()).toBe('missing');
    await s3.stop();
    expect(await h.services.media.checkStore()).toBe('down');
  }, 60_000);
});
