import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { enrolResponse } from '@wardwatch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentEnrolment, agentOverviewList, type AgentEnrolment, type AgentOverview } from '../src/api/site-api-types.js';
import { sha256Hex } from '../src/auth/tokens.js';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { createRegistry } from '../src/metrics/console-metrics.js';
import { LocalMediaStore } from '../src/media/local-media-store.js';
import { createServices } from '../src/services/console-services.js';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { CLI } from './support/console-stack.js';
import { agentSide, body, manualClock } from './support/installer.js';
import { databaseTargets } from './support/test-databases.js';

const targets = await databaseTargets();
const run = promisify(execFile);

describe.each(targets)('agent enrolment on $name', (target) => {
  let h: Harness;
  let installer: Client;
  const clock = manualClock();
  const agent = () => agentSide(h.url);
  const overview = async (id: string): Promise<AgentOverview | undefined> =>
    agentOverviewList.parse(await body(await installer.request('GET', '/api/agents'))).items.find((a) => a.id === id);
  const create = async (id: string): Promise<AgentEnrolment> => {
    const res = await installer.request('POST', '/api/agents', { body: { id, ward: 'hoan-kiem' } });
    expect(res.status, await res.clone().text()).toBe(201);
    return agentEnrolment.parse(await res.json());
  };

  beforeAll(async () => {
    h = await startHarness(target, { clock: clock.now });
    installer = await h.login('lapdat');
  });
  afterAll(async () => h?.close());

  it('an installer creates an agent with a one-time token; the agent trades it for its own token, and a second use is 401', async () => {
    const created = await create('agent-new');
    expect(created.agent).toMatchObject({ id: 'agent-new', ward: 'hoan-kiem', enrolledAt: null, enrolmentPending: true, latestVersion: 0, runningVersion: null, lagging: false, cameraCount: 0 });
    expect(Date.parse(created.expiresAt) - clock.now().getTime()).toBeGreaterThan(23 * 3_600_000);
    // Before enrolling, the agent has no token that works.
    expect((await agent().sync('', 0)).status).toBe(401);

    const first = await agent().enrol(created.enrolmentToken);
    expect(first.status).toBe(200);
    const { agentId, ward, token } = enrolResponse.parse(await first.json());
    expect({ agentId, ward }).toEqual({ agentId: 'agent-new', ward: 'hoan-kiem' });
    expect((await agent().sync(token, 0)).status).toBe(200);

    const again = await agent().enrol(created.enrolmentToken);
    expect(again.status).toBe(401);
    expect((await body<{ error: { message: string } }>(again)).error.message).toMatch(/already used/);
    expect(await overview('agent-new')).toMatchObject({ enrolmentPending: false, enrolledAt: expect.any(String) });

    // Only digests are stored: neither token appears in any row.
    const rows = JSON.stringify([await h.db.db.selectFrom('agent_enrolments').selectAll().execute(), await h.db.db.selectFrom('agents').selectAll().execute()]);
    expect(rows).not.toContain(created.enrolmentToken);
    expect(rows).not.toContain(token);
    expect(rows).toContain(sha256Hex(created.enrolmentToken));
  });

  it('an expired enrolment token is 401 and says it expired', async () => {
    const created = await create('agent-late');
    clock.advance(24 * 3_600_000 + 1_000);
    // A day later the installer's session has ended too.
    installer = await h.login('lapdat');
    const res = await agent().enrol(created.enrolmentToken);
    expect(res.status).toBe(401);
    expect((await body<{ error: { message: string } }>(res)).error.message).toMatch(/expired at/);
    expect(await overview('agent-late')).toMatchObject({ enrolmentPending: false, enrolledAt: null });
  });

  it('a fresh enrolment token replaces the unused one, and re-enrolling replaces the agent token', async () => {
    const created = await create('agent-box');
    const fresh = await installer.request('POST', '/api/agents/agent-box/enrolment');
    expect(fresh.status).toBe(201);
    const second = agentEnrolment.parse(await fresh.json());
    expect((await agent().enrol(created.enrolmentToken)).status).toBe(401);
    const oldToken = enrolResponse.parse(await (await agent().enrol(second.enrolmentToken)).json()).token;

    // A replaced box enrols again: its new token works, the old box's token no longer does.
    const third = agentEnrolment.parse(await (await installer.request('POST', '/api/agents/agent-box/enrolment')).json());
    const newToken = enrolResponse.parse(await (await agent().enrol(third.enrolmentToken)).json()).token;
    expect((await agent().sync(oldToken, 0)).status).toBe(401);
    expect((await agent().sync(newToken, 0)).status).toBe(200);
  });

  it('a revoked agent is refused, and a token issued before the revocation cannot bring it back', async () => {
    const created = await create('agent-gone');
    const revoked = await installer.request('POST', '/api/agents/agent-gone/revoke');
    expect(revoked.status).toBe(200);
    expect((await body<AgentOverview>(revoked)).revokedAt).not.toBeNull();
    expect((await agent().enrol(created.enrolmentToken)).status).toBe(401);
  });

  it('revoking spends the unused tokens with it; a token issued before the revocation and somehow unspent still cannot undo it, one issued after can', async () => {
    const created = await create('agent-race');
    expect((await installer.request('POST', '/api/agents/agent-race/revoke')).status).toBe(200);
    expect(await h.db.db.selectFrom('agent_enrolments').select('spent_at').where('agent_id', '=', 'agent-race').execute()).toEqual([{ spent_at: expect.any(String) }]);
    // As an enrolment racing the revocation would have seen it: the old token not yet spent.
    await h.db.db.updateTable('agent_enrolments').set({ spent_at: null }).where('agent_id', '=', 'agent-race').execute();
    const refused = await agent().enrol(created.enrolmentToken);
    expect(refused.status).toBe(401);
    expect((await body<{ error: { message: string } }>(refused)).error.message).toBe('this agent was revoked after this enrolment token was issued; create a new one in the console');
    expect((await h.db.db.selectFrom('agents').select('revoked_at').where('id', '=', 'agent-race').executeTakeFirstOrThrow()).revoked_at).not.toBeNull();

    clock.advance(1_000);
    const fresh = agentEnrolment.parse(await (await installer.request('POST', '/api/agents/agent-race/enrolment')).json());
    const enrolled = await agent().enrol(fresh.enrolmentToken);
    expect(enrolled.status).toBe(200);
    expect((await agent().sync(enrolResponse.parse(await enrolled.json()).token, 0)).status).toBe(200);
  });

  it('an enrolment at the same moment as a revocation never leaves the agent enrolled and unrevoked', async () => {
    for (let i = 0; i < 5; i += 1) {
      const created = await create(`agent-race-${i}`);
      const [enrolled] = await Promise.all([agent().enrol(created.enrolmentToken), installer.request('POST', `/api/agents/agent-race-${i}/revoke`)]);
      const row = await h.db.db.selectFrom('agents').select('revoked_at').where('id', '=', `agent-race-${i}`).executeTakeFirstOrThrow();
      expect(row.revoked_at, `round ${i}`).not.toBeNull();
      if (enrolled.status === 200) expect((await agent().sync(enrolResponse.parse(await enrolled.json()).token, 0)).status).toBe(401);
    }
  });

  it('creating an existing agent is 409, an unknown ward 400, an unknown agent 404', async () => {
    expect((await installer.request('POST', '/api/agents', { body: { id: 'agent-new', ward: 'hoan-kiem' } })).status).toBe(409);
    expect((await installer.request('POST', '/api/agents', { body: { id: 'agent-x', ward: 'nowhere' } })).status).toBe(400);
    expect((await installer.request('POST', '/api/agents/nobody/enrolment')).status).toBe(404);
    const wards = await body<{ items: { id: string }[] }>(await installer.request('GET', '/api/agents/wards'));
    expect(wards.items.map((w) => w.id)).toEqual(expect.arrayContaining(['hoan-kiem', 'cua-nam', 'tay-ho']));
  });

  it('a malformed enrolment is 400 in plain words, and the API description lists the installer and agent routes', async () => {
    const malformed = await fetch(`${h.url}/api/agent/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"enrolmentToken":' });
    expect(malformed.status).toBe(400);
    expect((await body<{ error: { code: string } }>(malformed)).error.code).toBe('malformed_json');
    const short = await agent().enrol('short');
    expect(short.status).toBe(400);
    expect((await body<{ error: { details: string[] } }>(short)).error.details).toEqual([expect.stringMatching(/^enrolmentToken: /)]);
    const doc = await body<{ paths: Record<string, Record<string, unknown>> }>(await fetch(`${h.url}/api/openapi.json`));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/agents/{id}/cameras/{cameraId}', '/api/agents/{id}/versions/{version}/rollback', '/api/agents/{id}/probes/{probeId}/snapshot', '/api/agent/enrol', '/api/agent/sync']));
    expect(Object.keys(doc.paths['/api/agents/{id}/cameras/{cameraId}'] ?? {})).toEqual(['put', 'delete']);
  });

  it('guessing enrolment tokens is rate limited like sign-in, and a right token waits too', async () => {
    const created = await create('agent-guess');
    // A success forgets earlier failures from this address (the tests above made some).
    expect((await agent().enrol((await create('agent-guess-ok')).enrolmentToken)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await agent().enrol(`wwe_guess-${i}-${'x'.repeat(20)}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const right = await agent().enrol(created.enrolmentToken);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(15 * 60_000 + 1_000);
    expect((await agent().enrol(created.enrolmentToken)).status).toBe(200);
  });
});

describe('review-console agents enrol (installers without the web UI)', () => {
  let dataDir: string;
  const env = () => ({ ...process.env, WARDWATCH_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' });
  const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], { env: env() });
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ww-cli-enrol-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a one-time token (creating the agent with --ward), a second run replaces it, and `agents add` still prints a long-lived token', async () => {
    await cli('wards', 'add', '--id', 'hoan-kiem', '--name', 'Phường Hoàn Kiếm');
    const first = (await cli('agents', 'enrol', '--id', 'cli-agent', '--ward', 'hoan-kiem', '--quiet')).stdout.trim();
    expect(first).toMatch(/^wwe_[A-Za-z0-9_-]{43}$/);
    const second = await cli('agents', 'enrol', '--id', 'cli-agent');
    expect(second.stdout).toMatch(/agent cli-agent \(ward hoan-kiem\): one-time enrolment token, valid until \d{4}-/);
    const token = /\n(wwe_\S+)\n/.exec(second.stdout)?.[1];
    await expect(cli('agents', 'enrol', '--id', 'nobody')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/there is no agent nobody; add --ward/) });
    expect((await cli('agents', 'add', '--id', 'yaml-agent', '--ward', 'hoan-kiem')).stdout).toMatch(/token: wwa_/);

    // The tokens work against the same storage, as the serving console would use them.
    const database = openDatabase({ dataDir });
    try {
      await migrateToLatest(database.db, database.engine);
      const services = createServices({ db: database.db, media: new LocalMediaStore(dataDir), registry: createRegistry(), sessionSecret: 'x'.repeat(40) });
      await expect(services.agentSync.enrol({ enrolmentToken: first }, 'cli-test')).rejects.toThrow(/already used or replaced/);
      expect(await services.agentSync.enrol({ enrolmentToken: token }, 'cli-test')).toMatchObject({ agentId: 'cli-agent', ward: 'hoan-kiem' });
    } finally {
      await database.close();
    }
  });
});
