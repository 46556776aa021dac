import { formatIssues, managedConfig } from '@wardwatch/contracts';
import { cameraSchema, ZONE_MESSAGES } from '@wardwatch/contracts/site-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteChange, siteView, versionDetail, versionList, type SiteChange } from '../src/api/site-api-types.js';
import { randomBytes } from 'node:crypto';
import { CredentialCipher } from '../src/secrets/credential-cipher.js';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { body, cameraInput, enrolledAgent, sync, ZONE_GATE } from './support/installer.js';
import { databaseTargets } from './support/test-databases.js';

const targets = await databaseTargets();

describe.each(targets)('cameras and zones managed in the console on $name', (target) => {
  let h: Harness;
  let installer: Client;
  let admin: Client;
  let agentToken: string;
  const AGENT = 'agent-site';

  const save = (client: Client, cameraId: string, request: Record<string, unknown>) => client.request('PUT', `/api/agents/${AGENT}/cameras/${cameraId}`, { body: request });
  const saved = async (client: Client, cameraId: string, request: Record<string, unknown>): Promise<SiteChange> => {
    const res = await save(client, cameraId, request);
    expect(res.status, await res.clone().text()).toBe(200);
    return siteChange.parse(await res.json());
  };
  const latestOf = async (agentId: string) => siteView.parse(await body(await installer.request('GET', `/api/agents/${agentId}/site`))).version;
  const latest = async () => siteView.parse(await body(await installer.request('GET', `/api/agents/${AGENT}/site`))).version;
  const agentCamera = async (id: string) => {
    const answer = await sync(h, agentToken, 0);
    return managedConfig.parse(answer.config).cameras.find((c) => c.id === id);
  };

  beforeAll(async () => {
    h = await startHarness(target);
    installer = await h.login('lapdat');
    admin = await h.login('admin');
    agentToken = await enrolledAgent(h, installer, AGENT);
  });
  afterAll(async () => h?.close());

  it('saving a camera creates version 1: the camera as the agent will run it, its logins split off and only flagged', async () => {
    expect(siteView.parse(await body(await installer.request('GET', `/api/agents/${AGENT}/site`)))).toMatchObject({ version: 0, cameras: [], updatedBy: null });
    const change = await saved(installer, 'cam-01', {
      baseVersion: 0,
      camera: cameraInput('cam-01', { detect: { url: 'rtsp://admin:pw1@10.0.0.5/sub', fps: 5 }, record: { url: 'rtsp://admin:pw1@10.0.0.5/main' } }),
      note: 'first camera',
    });
    expect(change.version).toBe(1);
    expect(change.site).toMatchObject({ agentId: AGENT, ward: 'hoan-kiem', version: 1, updatedBy: 'lapdat' });
    const view = change.site.cameras[0]!;
    expect(view.credentials).toEqual({ detect: true, record: true });
    expect(view.camera.detect).toEqual({ url: 'rtsp://10.0.0.5/sub', fps: 5, transport: 'tcp', loop: false, realtime: true });
    expect(view.camera.record.url).toBe('rtsp://10.0.0.5/main');
    expect(view.camera.zones[0]).toMatchObject({ id: 'gate', anchor: 'bottom-center', rules: [{ type: 'illegal_parking', graceSeconds: 20, classes: ['car', 'motorcycle', 'bus', 'truck'] }] });
    expect(JSON.stringify(change)).not.toContain('pw1');
  });

  it('an invalid zone is refused with 400 in the schema words, relative to the camera, and nothing is saved', async () => {
    const cases = [
      { polygon: [[0.1, 0.2], [0.3, 0.4]], line: `zones[0].polygon: ${ZONE_MESSAGES.tooFewPoints}` },
      { polygon: [[0.1, 0.5], [1.2, 0.5], [0.6, 0.95]], line: `zones[0].polygon[1][0]: ${ZONE_MESSAGES.outsideFrame}` },
      { polygon: [[0, 0], [1, 1], [1, 0], [0, 1]], line: `zones[0].polygon: ${ZONE_MESSAGES.selfIntersecting}` },
    ];
    for (const { polygon, line } of cases) {
      const camera = cameraInput('cam-01', { zones: [{ ...ZONE_GATE, polygon }] });
      const res = await save(installer, 'cam-01', { baseVersion: 1, camera });
      expect(res.status).toBe(400);
      const error = (await body<{ error: { code: string; message: string; details: string[] } }>(res)).error;
      expect(error.code).toBe('invalid_request');
      expect(error.details).toEqual([line]);
      expect(error.message).toBe(`the camera was refused: ${line}`);
      // The zone editor runs the same schema, so it shows exactly these lines.
      const editor = cameraSchema.safeParse(camera);
      expect(editor.success ? [] : formatIssues(editor.error)).toEqual(error.details);
    }
    expect((await save(installer, 'cam-01', { baseVersion: 1, camera: { ...cameraInput('cam-01'), gracSeconds: 3 } })).status).toBe(400);
    expect((await save(installer, 'cam-02', { baseVersion: 1, camera: cameraInput('cam-01') })).status).toBe(400);
    expect(await latest()).toBe(1);
  });

  it('a save started from an older version is 409, naming the newer version and who saved it', async () => {
    await saved(admin, 'cam-02', { baseVersion: 1, camera: cameraInput('cam-02') });
    const stale = await save(installer, 'cam-01', { baseVersion: 1, camera: cameraInput('cam-01', { name: 'renamed' }) });
    expect(stale.status).toBe(409);
    expect((await body<{ error: { message: string } }>(stale)).error.message).toMatch(/^version 2 was saved by admin at \S+, after the version you started from \(1\)/);
    expect(await latest()).toBe(2);
  });

  it('a URL without a login keeps the stored one, clearCredentials drops it, and a new login replaces it', async () => {
    const sameAgain = await saved(installer, 'cam-01', { baseVersion: 2, camera: cameraInput('cam-01', { detect: { url: 'rtsp://10.0.0.5/sub', fps: 5 }, record: { url: 'rtsp://10.0.0.5/main' } }) });
    // Nothing changed (the login was kept): no new version for the agent to reload.
    expect(sameAgain.version).toBe(2);
    expect((await agentCamera('cam-01'))?.detect.url).toBe('rtsp://admin:pw1@10.0.0.5/sub');

    const cleared = await saved(installer, 'cam-01', { baseVersion: 2, camera: cameraInput('cam-01', { detect: { url: 'rtsp://10.0.0.5/sub', fps: 5 }, record: { url: 'rtsp://10.0.0.5/main' } }), clearCredentials: { record: true } });
    expect(cleared.version).toBe(3);
    expect(cleared.site.cameras.find((c) => c.camera.id === 'cam-01')?.credentials).toEqual({ detect: true, record: false });
    expect((await agentCamera('cam-01'))?.record.url).toBe('rtsp://10.0.0.5/main');

    const replaced = await saved(installer, 'cam-01', { baseVersion: 3, camera: cameraInput('cam-01', { detect: { url: 'rtsp://admin:Adm1n@new@10.0.0.5/sub', fps: 5 }, record: { url: 'rtsp://10.0.0.5/main' } }) });
    expect(replaced.version).toBe(4);
    expect((await agentCamera('cam-01'))?.detect.url).toBe('rtsp://admin:Adm1n@new@10.0.0.5/sub');
    const detail = versionDetail.parse(await body(await installer.request('GET', `/api/agents/${AGENT}/versions/4`)));
    expect(detail.diff).toEqual([{ path: 'cameras[cam-01].credentials.detect', kind: 'changed', before: '(changed)', after: '(changed)' }]);
  });

  it('versions are listed newest first with their changes in words; a detail is the diff against the version before', async () => {
    const list = versionList.parse(await body(await installer.request('GET', `/api/agents/${AGENT}/versions`)));
    expect(list.items.map((v) => [v.version, v.createdBy, v.changes])).toEqual([
      [4, 'lapdat', ['cam-01: detect login changed']],
      [3, 'lapdat', ['cam-01: record login changed']],
      [2, 'admin', ['camera cam-02 added']],
      [1, 'lapdat', ['camera cam-01 added']],
    ]);
    expect(list.items[3]).toMatchObject({ note: 'first camera', rolledBackFrom: null });
    const two = versionDetail.parse(await body(await installer.request('GET', `/api/agents/${AGENT}/versions/2`)));
    expect(two.diff).toHaveLength(1);
    expect(two.diff[0]).toMatchObject({ path: 'cameras[cam-02]', kind: 'added', after: { id: 'cam-02', name: 'Camera cam-02' } });

    await saved(installer, 'cam-02', { baseVersion: 4, camera: cameraInput('cam-02', { zones: [{ ...ZONE_GATE, polygon: [[0.2, 0.5], [0.7, 0.5], [0.7, 0.9]] }] }) });
    const five = versionDetail.parse(await body(await installer.request('GET', `/api/agents/${AGENT}/versions/5`)));
    expect(five.summary.changes).toEqual(['cam-02: zone gate changed (polygon)']);
    expect(five.diff).toEqual([{ path: 'cameras[cam-02].zones[gate].polygon', kind: 'changed', before: ZONE_GATE.polygon, after: [[0.2, 0.5], [0.7, 0.5], [0.7, 0.9]] }]);
    expect((await installer.request('GET', `/api/agents/${AGENT}/versions/99`)).status).toBe(404);
    expect((await installer.request('GET', `/api/agents/${AGENT}/versions/latest`)).status).toBe(400);
    expect((await installer.request('GET', '/api/agents/nobody/versions')).status).toBe(404);
  });

  it('rolling back makes a new version with the chosen content, logins included; a stale rollback is 409', async () => {
    expect((await installer.request('POST', `/api/agents/${AGENT}/versions/1/rollback`, { body: { baseVersion: 4 } })).status).toBe(409);
    const res = await installer.request('POST', `/api/agents/${AGENT}/versions/1/rollback`, { body: { baseVersion: 5 } });
    expect(res.status).toBe(200);
    const change = siteChange.parse(await res.json());
    expect(change.version).toBe(6);
    expect(change.site.cameras.map((c) => c.camera.id)).toEqual(['cam-01']);
    const one = siteView.parse(await body(await installer.request('GET', `/api/agents/${AGENT}/site`)));
    expect(one.cameras[0]?.credentials).toEqual({ detect: true, record: true });
    const agentView = await agentCamera('cam-01');
    expect([agentView?.detect.url, agentView?.record.url]).toEqual(['rtsp://admin:pw1@10.0.0.5/sub', 'rtsp://admin:pw1@10.0.0.5/main']);
    const newest = versionList.parse(await body(await installer.request('GET', `/api/agents/${AGENT}/versions`))).items[0];
    expect(newest).toMatchObject({ version: 6, rolledBackFrom: 1, createdBy: 'lapdat' });
    expect(newest?.changes).toEqual(expect.arrayContaining(['camera cam-02 removed', 'cam-01: detect login, record login changed']));
    expect((await installer.request('POST', `/api/agents/${AGENT}/versions/42/rollback`, { body: { baseVersion: 6 } })).status).toBe(404);
  });

  it('removing a camera is a version too, and a camera that is not there is 404', async () => {
    await saved(installer, 'cam-03', { baseVersion: 6, camera: cameraInput('cam-03') });
    const removed = await installer.request('DELETE', `/api/agents/${AGENT}/cameras/cam-03?baseVersion=7`);
    expect(removed.status).toBe(200);
    expect(siteChange.parse(await removed.json()).version).toBe(8);
    expect((await installer.request('DELETE', `/api/agents/${AGENT}/cameras/cam-03?baseVersion=8`)).status).toBe(404);
    expect((await installer.request('DELETE', `/api/agents/${AGENT}/cameras/cam-01?baseVersion=7`)).status).toBe(409);
    expect((await installer.request('DELETE', `/api/agents/${AGENT}/cameras/cam-01`)).status).toBe(400);
    const newest = versionList.parse(await body(await installer.request('GET', `/api/agents/${AGENT}/versions`))).items[0];
    expect(newest?.changes).toEqual(['camera cam-03 removed']);
  });

  it('every saved version is in the audit log with who saved it and what changed', async () => {
    const rows = await h.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'site_changed').orderBy('id').execute();
    expect(rows.map((r) => [r.actor_username, (JSON.parse(r.after_json ?? '{}') as { version: number }).version])).toEqual([
      ['lapdat', 1], ['admin', 2], ['lapdat', 3], ['lapdat', 4], ['lapdat', 5], ['lapdat', 6], ['lapdat', 7], ['lapdat', 8],
    ]);
    expect(rows.every((r) => r.ward_id === 'hoan-kiem')).toBe(true);
    expect(JSON.parse(rows[5]!.after_json ?? '{}')).toMatchObject({ agentId: AGENT, rolledBackFrom: 1 });
  });

  it('a login sealed under a lost key fails the sync with one error naming the camera, a save that would keep it is 400, and typing the login again repairs it', async () => {
    const token = await enrolledAgent(h, installer, 'agent-lost-key');
    const put = (baseVersion: number, url: string) => installer.request('PUT', '/api/agents/agent-lost-key/cameras/cam-01', { body: { baseVersion, camera: cameraInput('cam-01', { detect: { url, fps: 5 } }) } });
    expect((await put(0, 'rtsp://admin:pw@10.0.0.8/sub')).status).toBe(200);
    // As if the data folder was restored without its secret-key file: the stored login is unreadable.
    const row = await h.db.db.selectFrom('config_versions').select('document').where('agent_id', '=', 'agent-lost-key').executeTakeFirstOrThrow();
    const document = JSON.parse(row.document) as { cameras: { credentials: { detect?: string } }[] };
    document.cameras[0]!.credentials.detect = new CredentialCipher(randomBytes(32)).seal('admin:pw');
    await h.db.db.updateTable('config_versions').set({ document: JSON.stringify(document) }).where('agent_id', '=', 'agent-lost-key').execute();
    const broken = await fetch(`${h.url}/api/agent/sync?have=0`, { headers: { authorization: `Bearer ${token}` } });
    expect(broken.status).toBe(409);
    const said = await broken.text();
    expect(JSON.parse(said)).toEqual({ error: { code: 'conflict', message: "camera cam-01: its stored detect login can no longer be read (was the console's secret key changed?); an installer must type it again in the console" } });
    expect(said).not.toContain('admin');

    // A zone-editor save sends the URL without its login: keeping the unreadable one would only hide the problem.
    const kept = await put(1, 'rtsp://10.0.0.8/sub');
    expect(kept.status).toBe(400);
    expect((await body<{ error: { message: string } }>(kept)).error.message).toBe("camera cam-01: detect.url: its stored login can no longer be read (the console's secret key changed?); type it again");
    expect(await latestOf('agent-lost-key')).toBe(1);

    expect((await put(1, 'rtsp://admin:pw@10.0.0.8/sub')).status).toBe(200);
    const config = managedConfig.parse((await sync(h, token, 0)).config);
    expect(config.cameras[0]?.detect.url).toBe('rtsp://admin:pw@10.0.0.8/sub');
  });

  it('a stored login follows its URL only to the same scheme, host and port: pointed elsewhere without a login is 400, unless the login is typed again or cleared', async () => {
    const token = await enrolledAgent(h, installer, 'agent-moved');
    const put = (baseVersion: number, detect: string, record?: string, clearCredentials?: Record<string, boolean>) =>
      installer.request('PUT', '/api/agents/agent-moved/cameras/cam-01', { body: { baseVersion, camera: cameraInput('cam-01', { detect: { url: detect, fps: 5 }, ...(record ? { record: { url: record } } : {}) }), ...(clearCredentials ? { clearCredentials } : {}) } });
    expect((await put(0, 'rtsp://admin:pw@10.0.0.8/sub', 'rtsp://admin:pw@10.0.0.8/main')).status).toBe(200);
    expect((await put(1, 'rtsp://10.0.0.8/other-path', 'rtsp://10.0.0.8/main')).status).toBe(200);
    for (const [detect, record, field] of [
      ['rtsp://attacker.example/sub', 'rtsp://10.0.0.8/main', 'detect'],
      ['rtsp://10.0.0.8:8554/sub', 'rtsp://10.0.0.8/main', 'detect'],
      ['rtsps://10.0.0.8/sub', 'rtsp://10.0.0.8/main', 'detect'],
      ['rtsp://10.0.0.8/sub', 'rtsp://10.0.0.9/main', 'record'],
    ] as const) {
      const res = await put(2, detect, record);
      expect(res.status, detect).toBe(400);
      const error = (await body<{ error: { message: string; details: string[] } }>(res)).error;
      expect(error.details).toEqual([`${field}.url: the address changed: type the login again or clear it (the stored login is only kept for the same host and port)`]);
      expect(error.message).toBe(`camera cam-01: ${error.details[0]}`);
    }
    expect(await latestOf('agent-moved')).toBe(2);
    expect(managedConfig.parse((await sync(h, token, 0)).config).cameras[0]?.detect.url).toBe('rtsp://admin:pw@10.0.0.8/other-path');

    expect((await put(2, 'rtsp://other:pw2@10.0.0.9/sub', 'rtsp://10.0.0.8/main')).status).toBe(200);
    expect((await put(3, 'rtsp://10.0.0.10/sub', 'rtsp://10.0.0.8/main', { detect: true })).status).toBe(200);
    expect(managedConfig.parse((await sync(h, token, 0)).config).cameras[0]?.detect.url).toBe('rtsp://10.0.0.10/sub');
  });

  it('a password with #, ? or @ is split off and sealed; a login that cannot be told from the address is 400 and stored nowhere', async () => {
    const token = await enrolledAgent(h, installer, 'agent-odd-pw');
    const put = (baseVersion: number, detect: string) => installer.request('PUT', '/api/agents/agent-odd-pw/cameras/cam-01', { body: { baseVersion, camera: cameraInput('cam-01', { detect: { url: detect, fps: 5 } }) } });
    const ok = await put(0, 'rtsp://admin:P#ss?w@rd@10.0.0.8/sub');
    expect(ok.status).toBe(200);
    expect(siteChange.parse(await ok.json()).site.cameras[0]).toMatchObject({ camera: { detect: { url: 'rtsp://10.0.0.8/sub' } }, credentials: { detect: true } });
    expect(managedConfig.parse((await sync(h, token, 0)).config).cameras[0]?.detect.url).toBe('rtsp://admin:P#ss?w@rd@10.0.0.8/sub');
    const slash = await put(1, 'rtsp://admin:sl/ash@10.0.0.8/sub');
    expect(slash.status).toBe(400);
    const text = await slash.text();
    expect(text).toContain('write a \\"/\\" in the password as %2F');
    expect(text).not.toContain('sl/ash');
    expect(JSON.stringify(await h.db.db.selectFrom('config_versions').select('document').where('agent_id', '=', 'agent-odd-pw').execute())).not.toMatch(/P#ss|sl\/ash/);
  });

  it('the version list comes newest first, 50 at a time or as asked, with summaries stored when saved and filled in once for older rows', async () => {
    await enrolledAgent(h, installer, 'agent-many');
    let version = 0;
    for (let i = 1; i <= 53; i++) {
      const res = await installer.request('PUT', '/api/agents/agent-many/cameras/cam-01', { body: { baseVersion: version, camera: cameraInput('cam-01', { name: `name ${i}` }) } });
      expect(res.status).toBe(200);
      version = siteChange.parse(await res.json()).version;
    }
    const list = (query = '') => installer.request('GET', `/api/agents/agent-many/versions${query}`).then(async (res) => versionList.parse(await body(res)));
    const first = await list();
    expect(first.items.map((v) => v.version)).toEqual(Array.from({ length: 50 }, (_, i) => 53 - i));
    expect(first.nextBefore).toBe(4);
    const rest = await list(`?before=${first.nextBefore}`);
    expect(rest.items.map((v) => [v.version, v.changes])).toEqual([[3, ['cam-01: name changed']], [2, ['cam-01: name changed']], [1, ['camera cam-01 added']]]);
    expect(rest.nextBefore).toBeNull();
    expect((await list('?limit=2')).items.map((v) => v.version)).toEqual([53, 52]);
    expect((await installer.request('GET', '/api/agents/agent-many/versions?limit=0')).status).toBe(400);
    expect((await installer.request('GET', '/api/agents/agent-many/versions?limit=201')).status).toBe(400);

    const stored = await h.db.db.selectFrom('config_versions').select(['version', 'changes']).where('agent_id', '=', 'agent-many').where('version', '=', 53).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.changes ?? 'null')).toEqual(['cam-01: name changed']);
    // A row from before summaries were stored: worked out on the first listing, and kept.
    await h.db.db.updateTable('config_versions').set({ changes: null }).where('agent_id', '=', 'agent-many').where('version', '<=', 2).execute();
    expect((await list('?before=3')).items.map((v) => [v.version, v.changes])).toEqual([[2, ['cam-01: name changed']], [1, ['camera cam-01 added']]]);
    const filled = await h.db.db.selectFrom('config_versions').select('changes').where('agent_id', '=', 'agent-many').where('version', '<=', 2).orderBy('version').execute();
    expect(filled.map((r) => r.changes)).toEqual([JSON.stringify(['camera cam-01 added']), JSON.stringify(['cam-01: name changed'])]);
  });
});
