import { generateUuidV7 } from '@wardwatch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { databaseTargets } from './support/test-databases.js';

const targets = await databaseTargets();

/** The installer workflow (site-api-types.ts): installers and admins only. `:agent` = an agent with a saved camera, `:probe` = its camera test, `:discovery` = its camera search. */
const INSTALLER_ROUTES: { method: string; path: string; body?: unknown }[] = [
  { method: 'GET', path: '/api/agents' },
  { method: 'GET', path: '/api/agents/wards' },
  { method: 'POST', path: '/api/agents', body: { id: 'new-agent', ward: 'hoan-kiem' } },
  { method: 'POST', path: '/api/agents/:agent/enrolment' },
  { method: 'GET', path: '/api/agents/:agent/site' },
  { method: 'PUT', path: '/api/agents/:agent/cameras/cam-02', body: { baseVersion: 1, camera: { id: 'cam-02', name: 'Two', detect: { url: 'rtsp://10.0.0.6/sub', fps: 5 } } } },
  { method: 'DELETE', path: '/api/agents/:agent/cameras/cam-01?baseVersion=1' },
  { method: 'GET', path: '/api/agents/:agent/versions' },
  { method: 'GET', path: '/api/agents/:agent/versions/1' },
  { method: 'POST', path: '/api/agents/:agent/versions/1/rollback', body: { baseVersion: 1 } },
  { method: 'POST', path: '/api/agents/:agent/probes', body: { url: 'rtsp://10.0.0.5/sub' } },
  { method: 'GET', path: '/api/agents/:agent/probes/:probe' },
  { method: 'GET', path: '/api/agents/:agent/probes/:probe/snapshot' },
  { method: 'POST', path: '/api/agents/:agent/discoveries', body: { user: 'admin', password: 'pw-secret', targets: ['10.0.0.5'] } },
  { method: 'GET', path: '/api/agents/:agent/discoveries/:discovery' },
  { method: 'POST', path: '/api/agents/:agent/revoke' },
];

/** Every cookie-authenticated route, with a body that would be valid for it. `:a` = ward A's case, `:b` = ward B's. */
const SESSION_ROUTES: { method: string; path: string; body?: unknown }[] = [
  { method: 'GET', path: '/api/auth/me' },
  { method: 'POST', path: '/api/auth/logout' },
  { method: 'GET', path: '/api/violations' },
  { method: 'GET', path: '/api/violations/:a' },
  { method: 'POST', path: '/api/violations/:a/decision', body: { decision: 'confirmed', reason: 'car on sidewalk' } },
  { method: 'POST', path: '/api/violations/:a/reopen', body: { reason: 'review again' } },
  { method: 'GET', path: '/api/violations/:a/clip' },
  { method: 'GET', path: '/api/violations/:a/snapshot' },
  { method: 'GET', path: '/api/violations/:a/crop' },
  { method: 'POST', path: '/api/violations/bulk-decision', body: { ids: ['01900000-0000-7000-8000-000000000000'], decision: 'dismissed', reason: 'duplicate' } },
  { method: 'GET', path: '/api/cameras' },
  { method: 'GET', path: '/api/audit' },
  { method: 'GET', path: '/api/audit.csv' },
  { method: 'GET', path: '/api/audit.csv?lang=en&actor=admin&from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z' },
  { method: 'GET', path: '/api/export.csv?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z' },
  { method: 'GET', path: '/api/dashboard?from=2020-01-01T00:00:00Z&to=2029-01-01T00:00:00Z' },
  { method: 'GET', path: '/api/dashboard/summary?from=2020-01-01T00:00:00Z&to=2029-01-01T00:00:00Z&groupBy=camera' },
  { method: 'GET', path: '/api/dashboard/summary.csv?from=2020-01-01T00:00:00Z&to=2029-01-01T00:00:00Z' },
  { method: 'GET', path: '/api/admin/users' },
  { method: 'POST', path: '/api/admin/users', body: { username: 'newbie', password: 'long-enough-pw', role: 'officer', wards: ['hoan-kiem'] } },
  { method: 'PATCH', path: '/api/admin/users/:user', body: { disabled: true } },
  { method: 'GET', path: '/api/admin/wards' },
  { method: 'POST', path: '/api/admin/wards', body: { id: 'new-ward', name: 'New' } },
  { method: 'GET', path: '/api/admin/districts' },
  { method: 'POST', path: '/api/admin/districts', body: { id: 'new-district', name: 'New' } },
  ...INSTALLER_ROUTES,
];
const STATE_CHANGING = SESSION_ROUTES.filter((r) => r.method !== 'GET');

describe.each(targets)('security matrix on $name', (target) => {
  let h: Harness;
  let caseA: string;
  let caseB: string;
  let officerA: Client;
  let installer: Client;
  let supervisor: Client;
  let userId: string;
  let probeId: string;
  let discoveryId: string;
  const AGENT = 'agent-hoan-kiem';
  const fill = (path: string) => path.replace(':agent', AGENT).replace(':probe', probeId).replace(':discovery', discoveryId).replace(':a', caseA).replace(':b', caseB).replace(':user', userId);

  beforeAll(async () => {
    h = await startHarness(target);
    caseA = (await h.addCase('hoan-kiem')).violationId;
    caseB = (await h.addCase('cua-nam')).violationId;
    officerA = await h.login('canbo.hoankiem');
    installer = await h.login('lapdat');
    supervisor = await h.login('giamsat');
    userId = (await h.services.admin.listUsers()).find((u) => u.username === 'canbo.tayho')!.id;
    // Something to see behind every installer route: a saved camera (with a login) and a camera test.
    const saved = await installer.request('PUT', `/api/agents/${AGENT}/cameras/cam-01`, { body: { baseVersion: 0, camera: { id: 'cam-01', name: 'One', detect: { url: 'rtsp://admin:pw-secret@10.0.0.5/sub', fps: 5 } } } });
    expect(saved.status).toBe(200);
    probeId = ((await (await installer.request('POST', `/api/agents/${AGENT}/probes`, { body: { cameraId: 'cam-01' } })).json()) as { probeId: string }).probeId;
    discoveryId = ((await (await installer.request('POST', `/api/agents/${AGENT}/discoveries`, { body: { user: 'admin', password: 'pw-secret' } })).json()) as { discoveryId: string }).discoveryId;
  });
  afterAll(async () => h?.close());

  it('without a session, every route answers 401 with a JSON error', async () => {
    for (const route of SESSION_ROUTES) {
      const res = await fetch(`${h.url}${fill(route.path)}`, { method: route.method, headers: { 'content-type': 'application/json' }, body: route.body === undefined ? undefined : JSON.stringify(route.body) });
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    }
  });

  it("an officer of ward A gets 404 for ward B's case, clip, snapshot, decision, reopen and export, exactly as for a case that does not exist", async () => {
    const missing = generateUuidV7();
    for (const suffix of ['', '/clip', '/snapshot']) {
      const b = await officerA.request('GET', `/api/violations/${caseB}${suffix}`);
      const none = await officerA.request('GET', `/api/violations/${missing}${suffix}`);
      expect(b.status).toBe(404);
      expect(await b.json()).toEqual(await none.json());
    }
    expect((await officerA.request('POST', `/api/violations/${caseB}/decision`, { body: { decision: 'confirmed', reason: 'x' } })).status).toBe(404);
    expect((await officerA.request('POST', `/api/violations/${caseB}/decision`, { body: { nonsense: true } })).status).toBe(404);
    expect((await officerA.request('POST', `/api/violations/${caseB}/reopen`, { body: { reason: 'x' } })).status).toBe(404);
    expect((await officerA.request('GET', '/api/export.csv?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&ward=cua-nam')).status).toBe(404);
    expect((await officerA.request('GET', '/api/violations?ward=cua-nam')).status).toBe(404);
    expect((await officerA.request('GET', '/api/dashboard/summary?from=2020-01-01T00:00:00Z&to=2029-01-01T00:00:00Z&groupBy=rule&ward=cua-nam')).status).toBe(404);
    expect((await officerA.request('GET', '/api/violations?ward=cua-nam&status=decided')).status).toBe(404);
    const list = (await (await officerA.request('GET', '/api/violations')).json()) as { items: { id: string; ward: string }[] };
    expect(list.items.map((i) => i.id)).toContain(caseA);
    expect(list.items.every((i) => i.ward === 'hoan-kiem')).toBe(true);
    expect((await h.services.review.get({ id: 'x', username: 'admin', role: 'admin', wards: [], districtId: null }, caseB)).status).toBe('pending');
  });

  it("an officer's export holds only their wards' decided cases", async () => {
    const other = await h.addCase('cua-nam');
    const officerB = await h.login('canbo.cuanam');
    expect((await officerB.request('POST', `/api/violations/${other.violationId}/decision`, { body: { decision: 'confirmed', reason: 'parked' } })).status).toBe(200);
    const csv = await (await officerA.request('GET', '/api/export.csv?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z')).text();
    expect(csv).not.toContain(other.violationId);
    const csvB = await (await officerB.request('GET', '/api/export.csv?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z')).text();
    expect(csvB).toContain(other.violationId);
  });

  it('an installer asking for case data gets 403, but sees cameras and agents', async () => {
    for (const path of [`/api/violations`, `/api/violations/${caseA}`, `/api/violations/${caseA}/clip`, `/api/violations/${caseA}/snapshot`, '/api/export.csv?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z', '/api/dashboard/summary?from=2020-01-01T00:00:00Z&to=2029-01-01T00:00:00Z&groupBy=rule', '/api/violations?status=decided', '/api/audit']) {
      expect((await installer.request('GET', path)).status, path).toBe(403);
    }
    expect((await installer.request('POST', `/api/violations/${caseA}/decision`, { body: { decision: 'confirmed', reason: 'x' } })).status).toBe(403);
    expect((await installer.request('GET', '/api/cameras')).status).toBe(200);
    expect((await installer.request('GET', '/api/agents')).status).toBe(200);
    expect((await installer.request('GET', '/api/admin/users')).status).toBe(403);
  });

  it('officers and supervisors get 403 on every installer route and see none of its data; installers and admins get through', async () => {
    const admin = await h.login('admin');
    for (const route of INSTALLER_ROUTES) {
      for (const client of [officerA, supervisor]) {
        const res = await client.request(route.method, fill(route.path), { body: route.body });
        expect(res.status, `${client.username} ${route.method} ${route.path}`).toBe(403);
        const text = await res.text();
        expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('forbidden');
        for (const leak of ['10.0.0.5', 'cam-01', probeId, discoveryId, 'pw-secret']) expect(text).not.toContain(leak);
      }
    }
    for (const client of [installer, admin]) {
      expect((await client.request('GET', `/api/agents/${AGENT}/site`)).status).toBe(200);
      expect((await client.request('GET', `/api/agents/${AGENT}/probes/${probeId}`)).status).toBe(200);
      const search = await client.request('GET', `/api/agents/${AGENT}/discoveries/${discoveryId}`);
      expect(search.status).toBe(200);
      expect(await search.text()).not.toContain('pw-secret');
    }
    expect((await h.db.db.selectFrom('config_versions').select('version').execute()).map((r) => Number(r.version))).toEqual([1]);
  });

  it('a missing or forged CSRF token on any state-changing request is 403 and changes nothing', async () => {
    const admin = await h.login('admin');
    for (const route of STATE_CHANGING) {
      for (const csrf of [null, 'forged', supervisor.csrf]) {
        const res = await admin.request(route.method, fill(route.path), { body: route.body ?? {}, csrf });
        expect(res.status, `${route.method} ${route.path} csrf=${String(csrf)}`).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
      }
    }
    const detail = (await (await admin.request('GET', `/api/violations/${caseA}`)).json()) as { status: string };
    expect(detail.status).toBe('pending');
    expect((await h.db.db.selectFrom('config_versions').select('version').execute()).map((r) => Number(r.version))).toEqual([1]);
    expect(await h.db.db.selectFrom('agents').select('id').where('id', '=', 'new-agent').executeTakeFirst()).toBeUndefined();
    expect((await h.db.db.selectFrom('probes').select('id').execute()).map((r) => r.id)).toEqual([probeId]);
    expect((await h.db.db.selectFrom('discoveries').select('id').execute()).map((r) => r.id)).toEqual([discoveryId]);
    expect((await admin.request('GET', '/api/auth/me')).status).toBe(200);
  });

  it('path traversal in media ids is refused with 400 or 404 and reads nothing', async () => {
    for (const id of ['..%2F..%2F..%2Fetc%2Fpasswd', '%2e%2e', '..', `${caseA}%2F..%2F${caseB}`, 'media%2F..%2Fconsole.sqlite']) {
      for (const kind of ['clip', 'snapshot']) {
        const res = await officerA.request('GET', `/api/violations/${id}/${kind}`);
        expect([400, 404], `${id}/${kind}`).toContain(res.status);
        expect(res.headers.get('content-type')).toContain('application/json');
      }
      const upload = await h.upload(await h.agentToken('hoan-kiem'), id, 'clip', h.clip.bytes);
      expect([400, 404], `upload ${id}`).toContain(upload.status);
    }
    expect((await officerA.request('GET', `/api/violations/${caseA}/..%2F..%2Fconsole.sqlite`)).status).toBe(404);
  });

  it('oversized or malformed JSON is 400 with a plain-words error', async () => {
    const malformed = await officerA.request('POST', `/api/violations/${caseA}/decision`, { rawBody: '{"decision": "confirmed",' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
    const huge = await officerA.request('POST', `/api/violations/${caseA}/decision`, { body: { decision: 'confirmed', reason: 'x', note: 'n'.repeat(100_000) } });
    expect(huge.status).toBe(400);
    const loginBad = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(loginBad.status).toBe(400);
    const invalid = await officerA.request('POST', `/api/violations/${caseA}/decision`, { body: { decision: 'maybe', reason: '' } });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { error: { details: string[] } };
    expect(body.error.details.join('\n')).toMatch(/decision/);
  });

  it('officers decide once; only a supervisor reopens; every step is in the audit log', async () => {
    const job = await h.addCase('hoan-kiem');
    const decide = await officerA.request('POST', `/api/violations/${job.violationId}/decision`, { body: { decision: 'dismissed', reason: 'shadow, not a car' } });
    expect(decide.status).toBe(200);
    expect((await officerA.request('POST', `/api/violations/${job.violationId}/decision`, { body: { decision: 'confirmed', reason: 'x' } })).status).toBe(409);
    expect((await officerA.request('POST', `/api/violations/${job.violationId}/reopen`, { body: { reason: 'x' } })).status).toBe(403);
    expect((await officerA.request('GET', '/api/audit')).status).toBe(403);
    const reopened = await supervisor.request('POST', `/api/violations/${job.violationId}/reopen`, { body: { reason: 'the car is visible at 0:03' } });
    expect(reopened.status).toBe(200);
    const detail = (await reopened.json()) as { status: string; history: { action: string; actor: { username: string } }[] };
    expect(detail.status).toBe('pending');
    expect(detail.history.map((e) => `${e.action}:${e.actor.username}`)).toEqual(['decision:canbo.hoankiem', 'reopen:giamsat']);
    const audit = (await (await supervisor.request('GET', `/api/audit?violationId=${job.violationId}`)).json()) as { items: { action: string }[] };
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['decision', 'reopen']));
    // The supervisor of trung-tam does not see tay-ho (another district).
    const tayHo = await h.addCase('tay-ho');
    expect((await supervisor.request('GET', `/api/violations/${tayHo.violationId}`)).status).toBe(404);
  });

  it('a supervisor dismisses a group of repeats at once, each case audited on its own; an officer cannot', async () => {
    const group = [await h.addCase('hoan-kiem'), await h.addCase('hoan-kiem'), await h.addCase('hoan-kiem')].map((job) => job.violationId);
    const elsewhere = (await h.addCase('tay-ho')).violationId;
    const body = { ids: [...group, elsewhere], decision: 'dismissed', reason: 'duplicate' };
    expect((await officerA.request('POST', '/api/violations/bulk-decision', { body })).status).toBe(403);
    // Confirming is never done in bulk: a confirmed case becomes a fine.
    expect((await supervisor.request('POST', '/api/violations/bulk-decision', { body: { ...body, decision: 'confirmed' } })).status).toBe(400);
    await officerA.request('POST', `/api/violations/${group[2]}/decision`, { body: { decision: 'confirmed', reason: 'clear_violation' } });
    const res = await supervisor.request('POST', '/api/violations/bulk-decision', { body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ decided: group.slice(0, 2), skipped: [{ id: group[2], why: 'already_decided' }, { id: elsewhere, why: 'not_found' }] });
    for (const id of group.slice(0, 2)) {
      const detail = (await (await supervisor.request('GET', `/api/violations/${id}`)).json()) as { status: string; decision: { reason: string; decidedBy: { username: string } } };
      expect(detail).toMatchObject({ status: 'dismissed', decision: { reason: 'duplicate', decidedBy: { username: 'giamsat' } } });
      const audit = await h.db.db.selectFrom('audit_log').selectAll().where('violation_id', '=', id).where('action', '=', 'decision').execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ decision: 'dismissed', reason: 'duplicate', group: 4 });
    }
    // The other district's case was not touched.
    expect((await h.db.db.selectFrom('violations').select('status').where('id', '=', elsewhere).executeTakeFirstOrThrow()).status).toBe('pending');
  });

  it('the audit log cannot be changed, even with SQL', async () => {
    await expect(h.db.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(h.db.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });

  it('sign-in sets an HttpOnly SameSite cookie, sends secure headers, and slows down guessing', async () => {
    const res = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'canbo.tayho', password: 'demo-password-123' }) });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const attempt = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'giamsat', password: `wrong-${i}` }) });
      statuses.push(attempt.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const right = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'giamsat', password: 'demo-password-123' }) });
    expect(right.status).toBe(429);
  });

  it('logout ends the session on the server', async () => {
    const client = await h.login('canbo.cuanam');
    expect((await client.request('POST', '/api/auth/logout')).status).toBe(204);
    expect((await client.request('GET', '/api/auth/me')).status).toBe(401);
  });
});
