import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/app-harness.js';
import { sqliteTarget } from './support/test-databases.js';

describe('serving the built web UI', () => {
  let h: Harness;
  const dist = mkdtempSync(join(tmpdir(), 'ww-web-dist-'));
  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>WardWatch</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    h = await startHarness(sqliteTarget, { webDistDir: dist });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves assets, falls back to index.html for app routes, and keeps /api JSON', async () => {
    expect(await (await fetch(`${h.url}/assets/app.js`)).text()).toBe('console.log(1)');
    for (const path of ['/', '/cases/0197-abc', '/login']) {
      const res = await fetch(`${h.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<title>WardWatch</title>');
    }
    const api = await fetch(`${h.url}/api/nope`);
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toContain('application/json');
  });
});
