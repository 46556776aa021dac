import { createHash } from 'node:crypto';
import { generateUuidV7, type AgentHeartbeat } from '@wardwatch/contracts';
import { signHeartbeat, signViolationJob } from '@wardwatch/contracts/agent-signature';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, mostConcurrentDerivations, verifyPassword } from '../src/auth/password.js';
import { loadConsoleConfig } from '../src/config/console-config.js';
import { JobRejected } from '../src/domain/errors.js';
import { startHarness, type Harness } from './support/app-harness.js';
import { agentSide } from './support/installer.js';
import { violationJob } from './support/evidence.js';
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

  it('10. trivial and common passwords are refused, each with its reason', async () => {
    const admin = await h.login('admin');
    for (const [password, problem] of [
      ['          ', 'must be at least 10 characters, not counting spaces at either end'],
      ['aaaaaaaaaa', 'must use at least 5 different characters'],
      ['1234567890', 'must not be a run of letters or digits like 1234567890'],
      ['MatKhau@123', 'is one of the most common passwords; choose another'],
    ]) {
      const res = await admin.request('POST', '/api/admin/users', { body: { username: 'newbie', password, role: 'installer' } });
      expect(res.status, password).toBe(400);
      expect(((await res.json()) as { error: { details: string[] } }).error.details).toEqual([`password: ${problem}`]);
    }
    expect((await admin.request('POST', '/api/admin/users', { body: { username: 'strong', password: 'Hoan-Kiem ward 2026', role: 'installer' } })).status).toBe(201);
  });

  it('10. the last enabled admin cannot be disabled or demoted', async () => {
    const admin = await h.login('admin');
    const self = (await h.services.admin.listUsers()).find((u) => u.username === 'admin')!;
    for (const change of [{ disabled: true }, { role: 'installer' }]) {
      const res = await admin.request('PATCH', `/api/admin/users/${self.id}`, { body: change });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('admin is the last enabled admin; make another user admin first');
    }
    const created = await admin.request('POST', '/api/admin/users', { body: { username: 'admin2', password: 'Hoan-Kiem ward 2026', role: 'admin' } });
    expect(created.status).toBe(201);
    // With a second admin, the first may step down.
    expect((await admin.request('PATCH', `/api/admin/users/${self.id}`, { body: { role: 'installer' } })).status).toBe(200);
    const second = await h.login('admin2', 'Hoan-Kiem ward 2026');
    expect((await second.request('PATCH', `/api/admin/users/${self.id}`, { body: { role: 'admin' } })).status).toBe(200);
  });

  it('4. reading evidence is logged whatever bytes are asked for: a range that skips the first byte is a viewing too', async () => {
    const officer = await h.login('canbo.hoankiem');
    const { violationId } = await h.addCase('hoan-kiem');
    const views = async () => (await h.db.db.selectFrom('audit_log').select(['actor_username', 'after_json']).where('action', '=', 'media_view').where('violation_id', '=', violationId).execute()).map((v) => `${v.actor_username} ${v.after_json}`);
    const whole = await officer.request('GET', `/api/violations/${violationId}/clip`, { headers: { range: 'bytes=1-' } });
    expect(whole.status).toBe(206);
    expect(await views()).toEqual(['canbo.hoankiem {"kind":"clip"}']);
    expect((await officer.request('GET', `/api/violations/${violationId}/snapshot`, { headers: { range: 'bytes=5-' } })).status).toBe(206);
    // A player's seeks through the same clip are the same viewing.
    await officer.request('GET', `/api/violations/${violationId}/clip`, { headers: { range: 'bytes=0-' } });
    expect(await views()).toEqual(['canbo.hoankiem {"kind":"clip"}', 'canbo.hoankiem {"kind":"snapshot"}']);
  });

  it('9. a camera test\'s error hides the password in every form the agent may echo: as typed, decoded, encoded', async () => {
    const installer = await h.login('lapdat');
    const token = await h.agentToken('hoan-kiem');
    const typed = 'rtsp://admin:ProbePw%23123@10.0.0.9/live';
    const asked = await installer.request('POST', '/api/agents/agent-hoan-kiem/probes', { body: { url: typed } });
    expect(asked.status).toBe(202);
    const { probeId } = (await asked.json()) as { probeId: string };
    const sent = { ok: false, error: 'login refused for ProbePw#123 (ProbePw%23123, ProbePw%2523123)' };
    const res = await fetch(`${h.url}/api/agent/probes/${probeId}/result`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(sent) });
    expect(res.status).toBe(204);
    const view = (await (await installer.request('GET', `/api/agents/agent-hoan-kiem/probes/${probeId}`)).json()) as { error: string };
    expect(view.error).toBe('login refused for *** (***, ***)');
  });

  it('8. a signed heartbeat replayed an hour later does not make its agent look alive, and is refused with the reason', async () => {
    const token = await h.agentToken('tay-ho');
    const beat = (sentAt: Date): AgentHeartbeat =>
      signHeartbeat({ version: 1, agentId: 'agent-tay-ho', ward: 'tay-ho', agentVersion: '0.1.0', sentAt: sentAt.toISOString(), uptimeSeconds: 60, outboxPending: 0, cameras: [{ id: 'cam-replay', name: 'Âu Cơ 9', state: 'up', fps: 5, restarts: 0 }] }, token);
    const old = beat(new Date(Date.now() - 3_600_000));
    await h.services.ingest.ingestHeartbeat(old).catch(() => undefined);
    const seen = async () => (await h.db.db.selectFrom('agents').select('last_seen_at').where('id', '=', 'agent-tay-ho').executeTakeFirstOrThrow()).last_seen_at;
    const before = await seen();
    await expect(h.services.ingest.ingestHeartbeat(old)).rejects.toThrow(/^heartbeat of agent agent-tay-ho sent at .* is no newer than its last one and 60 min off the console's clock: a replay or a late copy/);
    expect(await seen()).toBe(before);
    // A live one is taken, even from a clock a little off.
    await h.services.ingest.ingestHeartbeat(beat(new Date(Date.now() - 30_000)));
    expect(await seen()).not.toBe(before);
  });

  it('8. an agent whose clock runs minutes behind the console keeps reporting after its syncs', async () => {
    const token = await h.agentToken('ba-dinh');
    // A sync stamps what the agent runs with the console's own time.
    expect((await agentSide(h.url).sync(token, 0, 'local-file-hash')).status).toBe(200);
    const behind = (ms: number): AgentHeartbeat =>
      signHeartbeat({ version: 1, agentId: 'agent-ba-dinh', ward: 'ba-dinh', agentVersion: '0.1.0', sentAt: new Date(Date.now() - 5 * 60_000 + ms).toISOString(), uptimeSeconds: 60, outboxPending: 0, cameras: [{ id: 'cam-behind', name: 'Kim Mã 2', state: 'up', fps: 5, restarts: 0 }] }, token);
    await h.services.ingest.ingestHeartbeat(behind(0));
    await h.services.ingest.ingestHeartbeat(behind(10_000));
    const row = await h.db.db.selectFrom('camera_status').select('sent_at').where('camera_id', '=', 'cam-behind').executeTakeFirstOrThrow();
    expect(Date.parse(row.sent_at)).toBeGreaterThan(Date.now() - 5 * 60_000);
  });

  it('7. a job with a NUL character in a text is refused with where it is, on either database, not retried', async () => {
    const job = { ...violationJob({ agentId: 'agent-hoan-kiem', ward: 'hoan-kiem', clip: h.clip, snapshot: h.snapshot }), cameraName: 'Hàng Bạc\u000012' };
    const refused = h.services.ingest.ingestViolation(job);
    // A JobRejected is not retried; an InvalidJob is counted as reason="invalid".
    await expect(refused).rejects.toBeInstanceOf(JobRejected);
    await expect(refused).rejects.toMatchObject({ name: 'InvalidJob', message: 'invalid violation job: cameraName contains a NUL character' });
  });

  it('3. behind one trusted proxy, a client cannot dodge the login throttle with its own X-Forwarded-For', async () => {
    const proxied = await startHarness(target, { trustProxy: 1 });
    try {
      const login = (password: string, spoofed: string) =>
        fetch(`${proxied.url}/api/auth/login`, {
          method: 'POST',
          // What the proxy sends on: the client's own header, then the address it saw.
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `${spoofed}, 198.51.100.7` },
          body: JSON.stringify({ username: 'giamsat', password }),
        });
      const statuses: number[] = [];
      for (let i = 1; i <= 7; i++) statuses.push((await login('not the password', `203.0.113.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      expect((await login('demo-password-123', '203.0.113.99')).status).toBe(429);
    } finally {
      await proxied.close();
    }
  });

  it('3. TRUST_PROXY=true is refused at start with what to give instead; a count or addresses are taken', async () => {
    const base = { SESSION_SECRET: 'x'.repeat(32), WARDWATCH_DATA_DIR: '/tmp/ww-config-check' };
    const refused = loadConsoleConfig({ ...base, TRUST_PROXY: 'true' });
    expect(refused.ok ? [] : refused.errors).toEqual(['TRUST_PROXY: true would believe any X-Forwarded-For a client sends; give the number of proxies in front (1) or their addresses']);
    const bad = loadConsoleConfig({ ...base, TRUST_PROXY: '10.0.0.5, proxy.local' });
    expect(bad.ok ? [] : bad.errors).toEqual(['TRUST_PROXY: not a proxy address: proxy.local (expected a count, addresses, CIDR blocks or loopback)']);
    for (const [value, expected] of [['1', 1], ['false', false], ['10.0.0.5, loopback', '10.0.0.5, loopback']] as const) {
      const taken = loadConsoleConfig({ ...base, TRUST_PROXY: value });
      expect(taken.ok ? taken.config.trustProxy : taken.errors).toEqual(expected);
    }
  });

  it('1. a spray of sign-ins with made-up names is throttled per address, and password checks run one at a time', async () => {
    const spray = await startHarness(target);
    try {
      const login = (username: string) => fetch(`${spray.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'guess-1234567' }) });
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await login(`nobody-${i}`)).status);
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429]);
      // Sixty at once from elsewhere: each scrypt waits its turn, so file reads keep threads of their own.
      const stored = await hashPassword('Hoan-Kiem ward 2026');
      await Promise.all(Array.from({ length: 60 }, (_, i) => verifyPassword(`guess-${i}`, stored)));
      expect(mostConcurrentDerivations()).toBe(1);
    } finally {
      await spray.close();
    }
  });

  it('5. an upload no job ever claims is deleted after a week; a case\'s evidence stays', async () => {
    const clock = { offsetMs: 0 };
    const aged = await startHarness(target, { clock: () => new Date(Date.now() + clock.offsetMs) });
    try {
      const token = await aged.agentToken('hoan-kiem');
      const orphan = generateUuidV7();
      expect((await aged.upload(token, orphan, 'clip', aged.clip.bytes)).status).toBe(201);
      const kept = await aged.addCase('hoan-kiem');
      const rows = async () => (await aged.db.db.selectFrom('media').select(['violation_id', 'kind']).execute()).map((r) => `${r.violation_id === orphan ? 'orphan' : r.violation_id === kept.violationId ? 'case' : 'other'} ${r.kind}`).sort();
      expect((await aged.services.retention.purgeDue()).filesDeleted).toBe(0);
      clock.offsetMs = 8 * 86_400_000;
      expect((await aged.services.retention.purgeDue()).filesDeleted).toBe(1);
      expect(await rows()).toEqual(['case clip', 'case snapshot']);
      const officer = await aged.login('canbo.hoankiem');
      expect((await officer.request('GET', `/api/violations/${kept.violationId}/clip`)).status).toBe(200);
    } finally {
      await aged.close();
    }
  });

  it('2. a violation job altered after its agent signed it, or made up by another client, is rejected with its reason and never stored', async () => {
    const token = await h.agentToken('hoan-kiem');
    const upload = async (id: string) => {
      expect((await h.upload(token, id, 'clip', h.clip.bytes)).status).toBe(201);
      expect((await h.upload(token, id, 'snapshot', h.snapshot.bytes)).status).toBe(201);
    };
    const job = violationJob({ agentId: 'agent-hoan-kiem', ward: 'hoan-kiem', clip: h.clip, snapshot: h.snapshot });
    await upload(job.violationId);
    const altered = { ...signViolationJob(job, token), cameraName: 'TAMPERED VIA REDIS' };
    await expect(h.services.ingest.ingestViolation(altered)).rejects.toThrow(/^violation job of agent agent-hoan-kiem is not signed with its token \(altered in the queue, or made up by another client\); not stored$/);
    await expect(h.services.ingest.ingestViolation(job)).rejects.toThrow(/^violation job of agent agent-hoan-kiem is unsigned; not stored$/);
    // Another agent (another ward's token) making one up in this agent's name, reusing its uploads.
    const other = await h.agentToken('cua-nam');
    await expect(h.services.ingest.ingestViolation(signViolationJob(job, other))).rejects.toThrow(/not signed with its token/);
    expect(await h.db.db.selectFrom('violations').select('id').where('id', '=', job.violationId).execute()).toEqual([]);
    // Signed by its own agent, it is stored.
    await h.services.ingest.ingestViolation(signViolationJob(job, token));
    expect(await h.db.db.selectFrom('violations').select('id').where('id', '=', job.violationId).execute()).toHaveLength(1);
  });

  it('5. an agent with too much evidence waiting for its jobs is asked to wait (429), and let in again once they land', async () => {
    const capped = await startHarness(target, { maxUnclaimedBytes: 3 * 1_000_000 });
    try {
      const token = await capped.agentToken('hoan-kiem');
      const big = Buffer.alloc(1_000_000, 7);
      const put = (id: string) => capped.upload(token, id, 'clip', big, { 'x-content-sha256': createHash('sha256').update(big).digest('hex') });
      const ids = [generateUuidV7(), generateUuidV7(), generateUuidV7()];
      for (const id of ids) expect((await put(id)).status).toBe(201);
      const refused = await put(generateUuidV7());
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('agent agent-hoan-kiem has 3 MB of evidence waiting for its jobs (at most 3 MB); more is taken once they arrive');
      // Another agent is not held up by it.
      expect((await capped.upload(await capped.agentToken('cua-nam'), generateUuidV7(), 'clip', big, { 'x-content-sha256': createHash('sha256').update(big).digest('hex') })).status).toBe(201);
    } finally {
      await capped.close();
    }
  });

  it('9. a camera address with its password in the query is refused before anything is stored, in words that do not repeat it', async () => {
    const installer = await h.login('lapdat');
    const site = (await (await installer.request('GET', '/api/agents/agent-hoan-kiem/site')).json()) as { version: number };
    for (const url of ['rtsp://10.0.0.5:554/live?user=admin&password=Qs3cret-99', 'rtsp://10.0.0.5/cam/realmonitor?channel=1&PWD=Qs3cret-99']) {
      const res = await installer.request('PUT', '/api/agents/agent-hoan-kiem/cameras/cam-q', { body: { baseVersion: site.version, camera: { id: 'cam-q', name: 'Query', detect: { url, fps: 5 } } } });
      const text = await res.text();
      expect(res.status, text).toBe(400);
      expect(text).toMatch(/the address carries a password in its query \((password|PWD)=…\)/);
      expect(text).not.toContain('Qs3cret-99');
    }
    expect(JSON.stringify(await h.db.db.selectFrom('config_versions').selectAll().execute())).not.toContain('Qs3cret-99');
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
