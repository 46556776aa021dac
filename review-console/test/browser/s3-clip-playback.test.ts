import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mediaUri } from '@wardwatch/contracts';
import { startS3Server, type TestS3Server } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/chromium.js';
import { ConsoleClient } from './support/console-client.js';
import { playAndSeek, signIn, until, urlBecomes } from './support/page-checks.js';
import { VI } from './support/ui-words.js';
import { buildWebUi, type WebBuild } from './support/web-build.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { realClip } from '../support/evidence.js';
import { s3MediaEnv, s3MediaStore } from '../support/test-s3.js';

/*
 * A console started with WARDWATCH_MEDIA_URL=s3://... (s3rver on loopback) takes the agents'
 * uploads into the bucket, and an officer's Chromium plays and seeks the clip through the
 * console's range requests, which it answers from the bucket.
 */
const PREFIX = 'hanoi/';
const OFFICER = 'canbo.hoankiem';

describe('a clip kept in an S3 bucket', () => {
  let web: WebBuild | undefined;
  let s3: TestS3Server | undefined;
  let stack: ConsoleStack | undefined;
  let browser: BrowserSession | undefined;

  beforeAll(async () => {
    web = await buildWebUi();
    s3 = await startS3Server({ bucket: 'ward-evidence' });
    stack = await startConsoleStack({ cases: 2, webDistDir: web.dir, env: s3MediaEnv(s3, PREFIX) });
    browser = await openBrowser({ width: 1366, height: 768 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await s3?.stop();
    web?.remove();
  }, 60_000);

  it('is stored in the bucket, not the data folder, and plays and seeks in the browser over range requests', async () => {
    const admin = await ConsoleClient.signIn(stack!.url, 'admin', stack!.password);
    const mine = (await admin.pending()).filter((c) => c.ward === 'hoan-kiem');
    expect(mine.length).toBeGreaterThanOrEqual(1);
    const id = mine[0]!.id;
    const key = mediaUri(id, 'clip');
    const bucket = s3MediaStore(s3!, PREFIX);
    try {
      expect(await bucket.size(key)).toBe(realClip().bytes.length);
    } finally {
      bucket.close();
    }
    expect(existsSync(join(stack!.dataDir, key))).toBe(false);

    const { page } = browser!;
    const clipResponses: { status: number; range: string | null }[] = [];
    page.on('response', (res) => {
      if (res.url().includes(`/api/violations/${id}/clip`)) clipResponses.push({ status: res.status(), range: res.headers()['content-range'] ?? null });
    });
    await page.goto(stack!.url);
    await urlBecomes(page, /\/login/);
    await signIn(page, VI, OFFICER, stack!.password);
    await urlBecomes(page, /\/queue/);
    await page.goto(`${stack!.url}/cases/${id}`);
    await page.getByLabel(VI.clip, { exact: true }).and(page.locator('video')).waitFor();
    await playAndSeek(page, 2.5);
    expect(clipResponses.some((r) => r.status === 206 && r.range?.startsWith('bytes '))).toBe(true);
    expect(clipResponses.every((r) => r.status === 200 || r.status === 206)).toBe(true);
    await until(page, '(document.querySelector(".snapshot__image")?.naturalWidth ?? 0) > 0');
  });
});
