import { Writable } from 'node:stream';
import { managedConfig } from '@wardwatch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log/logger.js';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { agentSide, body, cameraInput, enrolledAgent, sync, ZONE_GATE } from './support/installer.js';
import { databaseTargets } from './support/test-databases.js';

/** Passwords as installers type them: `@`, and `#` and `?`, which URL parsers take for the end of the host. */
const PASSWORDS = [
  // Pieces long enough to be unmistakable, whichever character a leak was cut at, percent-encoded too.
  { password: 'Adm1n@secret', pieces: ['Adm1n', 'Adm1n%40'] },
  { password: 'Pa#s?w@rd', pieces: ['Pa#s', 's?w@', 'w@rd', 'Pa%23s', 'w%40rd'] },
];
const cases = (await databaseTargets()).flatMap((target) => PASSWORDS.map(({ password, pieces }) => ({ target, password, pieces, name: `${target.name}, password ${password}` })));
const AGENT = 'agent-secret';

/** Every log line the console writes during the test, as text. */
function logCollector(): { stream: Writable; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, text: () => lines.join('') };
}

describe.each(cases)('camera passwords never leave the console except to the agent, on $name', ({ target, password: PASSWORD, pieces }) => {
  const DETECT = `rtsp://admin:${PASSWORD}@10.0.0.5/sub`;
  const RECORD = `rtsp://admin:${PASSWORD}@10.0.0.5/main`;
  const expectNone = (text: string) => {
    for (const piece of [PASSWORD, ...pieces]) expect(text).not.toContain(piece);
  };
  let h: Harness;
  let installer: Client;
  let token: string;
  const logs = logCollector();
  /** Every answer the installer API gave in this test, status and body. */
  const answers: string[] = [];
  const call = async (client: Client, method: string, path: string, request?: unknown): Promise<Response> => {
    const res = await client.request(method, path, request === undefined ? {} : { body: request });
    const text = await res.clone().text();
    answers.push(`${method} ${path} ${res.status} ${text}`);
    return res;
  };

  beforeAll(async () => {
    h = await startHarness(target, { logger: createLogger({ level: 'trace', destination: logs.stream }) });
    installer = await h.login('lapdat');
    token = await enrolledAgent(h, installer, AGENT);
  });
  afterAll(async () => h?.close());

  it('saving, refusing, listing, diffing, rolling back and testing a camera with a password answers without it anywhere', async () => {
    const site = `/api/agents/${AGENT}`;
    expect((await call(installer, 'PUT', `${site}/cameras/cam-01`, { baseVersion: 0, camera: cameraInput('cam-01', { detect: { url: DETECT, fps: 5 }, record: { url: RECORD } }) })).status).toBe(200);
    // Refused saves echo nothing of the URL either.
    const invalid = cameraInput('cam-01', { detect: { url: DETECT, fps: 50 }, zones: [{ ...ZONE_GATE, polygon: [[0, 0], [2, 0]] }] });
    expect((await call(installer, 'PUT', `${site}/cameras/cam-01`, { baseVersion: 1, camera: invalid })).status).toBe(400);
    expect((await call(installer, 'PUT', `${site}/cameras/cam-01`, { baseVersion: 0, camera: cameraInput('cam-01', { detect: { url: DETECT, fps: 6 } }) })).status).toBe(409);
    expect((await call(installer, 'PUT', `${site}/cameras/cam-01`, { baseVersion: 1, camera: cameraInput('cam-01', { detect: { url: `rtsp://admin:${PASSWORD}2@10.0.0.5/sub`, fps: 5 }, record: { url: RECORD } }) })).status).toBe(200);
    expect((await call(installer, 'POST', `${site}/versions/1/rollback`, { baseVersion: 2 })).status).toBe(200);

    const saved = await call(installer, 'POST', `${site}/probes`, { cameraId: 'cam-01' });
    const typed = await call(installer, 'POST', `${site}/probes`, { url: DETECT });
    const probeIds = [(await body<{ probeId: string }>(saved)).probeId, (await body<{ probeId: string }>(typed)).probeId];
    // The agent gets the working URL: it must log in to the camera.
    const tasks = (await sync(h, token, 0)).probes;
    expect(tasks.map((t) => t.url)).toEqual([DETECT, DETECT]);
    expect((await agentSide(h.url).probeResult(token, probeIds[0]!, { ok: false, error: `401 Unauthorized opening ${DETECT}` })).status).toBe(204);

    for (const path of ['/api/agents', '/api/agents/wards', `${site}/site`, `${site}/versions`, `${site}/versions/1`, `${site}/versions/2`, `${site}/versions/3`, ...probeIds.map((id) => `${site}/probes/${id}`)]) {
      expect((await call(installer, 'GET', path)).status, path).toBe(200);
    }
    const admin = await h.login('admin');
    expect((await call(admin, 'GET', '/api/audit?limit=200')).status).toBe(200);
    expect((await call(admin, 'GET', '/api/openapi.json')).status).toBe(200);

    const everything = answers.join('\n');
    expect(everything).toContain('rtsp://10.0.0.5/sub');
    expect(everything).toContain('(changed)');
    expectNone(everything);
  });

  it('the stored versions, probes and audit rows hold the password only sealed, and no log line carries it', async () => {
    const versions = await h.db.db.selectFrom('config_versions').select('document').where('agent_id', '=', AGENT).execute();
    expect(versions).toHaveLength(3);
    const stored = JSON.stringify([versions, await h.db.db.selectFrom('probes').select(['url_sealed', 'error', 'stream_json']).execute(), await h.db.db.selectFrom('audit_log').selectAll().execute()]);
    expect(stored).toContain('rtsp://10.0.0.5/sub');
    for (const { document } of versions) {
      const parsed = JSON.parse(document) as { cameras: { credentials: { detect?: string; record?: string } }[] };
      expect(parsed.cameras[0]?.credentials.detect).toMatch(/^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
      expect(parsed.cameras[0]?.credentials.record).toMatch(/^v1:/);
    }
    expectNone(stored);
    const logged = logs.text();
    expect(logged).toContain('/api/agent/sync');
    expectNone(logged);
  });

  it("the agent's sync answer is where the working URLs go, and only there", async () => {
    const config = managedConfig.parse((await sync(h, token, 0)).config);
    expect(config.cameras.map((c) => [c.detect.url, c.record.url])).toEqual([[DETECT, RECORD]]);
  });

  it('officers and supervisors get 403 and none of this data', async () => {
    for (const username of ['canbo.hoankiem', 'giamsat']) {
      const client = await h.login(username);
      for (const path of ['/api/agents', `/api/agents/${AGENT}/site`, `/api/agents/${AGENT}/versions`, `/api/agents/${AGENT}/versions/1`]) {
        const res = await client.request('GET', path);
        expect(res.status, `${username} ${path}`).toBe(403);
        const text = await res.text();
        expect(text).not.toContain('10.0.0.5');
        expect(text).not.toContain('cam-01');
      }
    }
  });
});
