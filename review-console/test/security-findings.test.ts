import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/app-harness.js';
import { databaseTargets } from './support/test-databases.js';

const targets = await databaseTargets();

/*
 * Issue 19's findings, one test each, red on the code the probe found them in. The matrix of
 * what already held (route x role x ward, CSRF, sessions) is security-matrix.test.ts.
 */
describe.each(targets)('security findings on $name', (target) => {
  let h: Harness;
  const logged: unknown[] = [];

  beforeAll(async () => {
    const logger = (await import('pino')).pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    h = await startHarness(target, { logger });
  });
  afterAll(async () => h?.close());

  it('11. no answer with personal data is kept by a cache: the case detail, who is signed in', async () => {
    const officer = await h.login('canbo.hoankiem');
    const { violationId } = await h.addCase('hoan-kiem');
    for (const path of [`/api/violations/${violationId}`, '/api/auth/me', '/api/violations?limit=5', '/api/cameras']) {
      const res = await officer.request('GET', path);
      expect({ path, status: res.status, cache: res.headers.get('cache-control') }).toEqual({ path, status: 200, cache: 'private, no-store' });
    }
  });

  it('11. a case from the far future or from before WardWatch existed is refused with its reason, a clock a few minutes ahead is not', async () => {
    await expect(h.addCase('hoan-kiem', { triggeredAt: new Date('9999-12-31T00:00:00Z') })).rejects.toThrow(/^triggeredAt 9999-12-31T00:00:00.000Z is \d+ h ahead of the console's clock/);
    await expect(h.addCase('hoan-kiem', { triggeredAt: new Date('2001-01-01T00:00:00Z') })).rejects.toThrow(/^startedAt 2000-12-31T23:58:55.000Z is before 2024/);
    const ahead = await h.addCase('hoan-kiem', { triggeredAt: new Date(Date.now() + 10 * 60_000) });
    const officer = await h.login('canbo.hoankiem');
    expect((await officer.request('GET', `/api/violations/${ahead.violationId}`)).status).toBe(200);
  });

  it('6. a malformed %-escape in an address is 400 in words, not a 500 with a stack trace in the log', async () => {
    const officer = await h.login('canbo.hoankiem');
    const admin = await h.login('admin');
    const token = await h.agentToken('hoan-kiem');
    const answers = [
      await officer.request('GET', '/api/violations/%ff'),
      await officer.request('GET', '/api/violations/%E0%A4%A/clip'),
      await admin.request('PATCH', '/api/admin/users/%ff', { body: { disabled: true } }),
      await h.upload(token, '%ff', 'clip', Buffer.from('x')),
    ];
    for (const res of answers) {
      expect(res.status, res.url).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
    expect(logged).toEqual([]);
  });
});
