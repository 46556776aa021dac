import { MAX_PROBE_SNAPSHOT_BYTES, type ProbeTask } from '@wardwatch/contracts';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeView, type ProbeView } from '../src/api/site-api-types.js';
import { CredentialCipher } from '../src/secrets/credential-cipher.js';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { agentSide, body, cameraInput, enrolledAgent, manualClock, sync } from './support/installer.js';
import { databaseTargets } from './support/test-databases.js';

const targets = await databaseTargets();
const AGENT = 'agent-probe';
const SAVED_URL = 'rtsp://admin:Adm1n@secret@10.0.0.5/sub';

describe.each(targets)('camera tests through the agent on $name', (target) => {
  let h: Harness;
  let installer: Client;
  let token: string;
  const clock = manualClock();
  const agent = () => agentSide(h.url);
  const ask = async (request: Record<string, unknown>, agentId = AGENT): Promise<string> => {
    const res = await installer.request('POST', `/api/agents/${agentId}/probes`, { body: request });
    expect(res.status, await res.clone().text()).toBe(202);
    return (await body<{ probeId: string }>(res)).probeId;
  };
  const view = async (probeId: string): Promise<ProbeView> => probeView.parse(await body(await installer.request('GET', `/api/agents/${AGENT}/probes/${probeId}`)));
  const take = async (): Promise<ProbeTask[]> => (await sync(h, token, 0)).probes;

  beforeAll(async () => {
    h = await startHarness(target, { clock: clock.now });
    installer = await h.login('lapdat');
    token = await enrolledAgent(h, installer, AGENT);
    const saved = await installer.request('PUT', `/api/agents/${AGENT}/cameras/cam-01`, { body: { baseVersion: 0, camera: cameraInput('cam-01', { detect: { url: SAVED_URL, fps: 5 } }) } });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => h?.close());

  it("a saved camera's test reaches the agent, login included, until it reports, and its stream facts and snapshot come back to the installer", async () => {
    const probeId = await ask({ cameraId: 'cam-01' });
    expect(await view(probeId)).toMatchObject({ id: probeId, state: 'pending', stream: null, error: null, snapshotUrl: null });
    expect(await take()).toEqual([{ id: probeId, url: SAVED_URL, transport: 'tcp' }]);
    // The first answer may never have reached the agent: the test comes again until it has a result (the agent runs each id once).
    expect(await take()).toEqual([{ id: probeId, url: SAVED_URL, transport: 'tcp' }]);

    expect((await agent().probeResult(token, probeId, { ok: true, codec: 'h264', width: 640, height: 360, fps: 5, snapshot: true })).status).toBe(204);
    expect((await agent().probeSnapshot(token, probeId, h.snapshot.bytes)).status).toBe(204);
    const done = await view(probeId);
    expect(done).toMatchObject({ state: 'ok', stream: { codec: 'h264', width: 640, height: 360, fps: 5 }, error: null, snapshotUrl: `/api/agents/${AGENT}/probes/${probeId}/snapshot` });

    const picture = await installer.request('GET', done.snapshotUrl!);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/jpeg');
    expect(picture.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await picture.arrayBuffer()).equals(h.snapshot.bytes)).toBe(true);
    expect((await agent().probeResult(token, probeId, { ok: false, error: 'late' })).status).toBe(409);
    expect(await take()).toEqual([]);
  });

  it('a result that promises a snapshot still uploading reads as pending until the picture is in, or for 10 s at most', async () => {
    const first = await ask({ cameraId: 'cam-01' });
    await take();
    expect((await agent().probeResult(token, first, { ok: true, codec: 'h264', width: 640, height: 360, snapshot: true })).status).toBe(204);
    expect(await view(first)).toMatchObject({ state: 'pending', snapshotUrl: null });
    expect((await agent().probeSnapshot(token, first, h.snapshot.bytes)).status).toBe(204);
    expect(await view(first)).toMatchObject({ state: 'ok', stream: { codec: 'h264', width: 640, height: 360, fps: null }, snapshotUrl: `/api/agents/${AGENT}/probes/${first}/snapshot` });

    const second = await ask({ cameraId: 'cam-01' });
    await take();
    expect((await agent().probeResult(token, second, { ok: true, codec: 'h264', width: 640, height: 360, snapshot: true })).status).toBe(204);
    clock.advance(11_000);
    expect(await view(second)).toMatchObject({ state: 'ok', snapshotUrl: null });
  });

  it('a URL typed before saving is tested as given, and a failure comes back without the password', async () => {
    const typed = 'rtsp://admin:wr@ng-pw@10.0.0.9/live';
    const probeId = await ask({ url: typed, transport: 'udp' });
    expect(await take()).toEqual([{ id: probeId, url: typed, transport: 'udp' }]);
    // Even an agent that echoes the password in its own words does not get it shown.
    const sent = { ok: false, error: `401 Unauthorized: wrong user or password for ${typed} (tried wr@ng-pw)` };
    expect((await agent().probeResult(token, probeId, sent)).status).toBe(204);
    const failed = await view(probeId);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe('401 Unauthorized: wrong user or password for rtsp://admin:***@10.0.0.9/live (tried ***)');
    const row = await h.db.db.selectFrom('probes').select(['url_sealed', 'error']).where('id', '=', probeId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('wr@ng-pw');
    expect((await installer.request('GET', `/api/agents/${AGENT}/probes/${probeId}/snapshot`)).status).toBe(404);
  });

  it('a test nobody picks up reads as expired after 30 s, saying the agent did not answer; one taken but never reported says so too', async () => {
    const unanswered = await ask({ cameraId: 'cam-01' });
    clock.advance(29_000);
    expect((await view(unanswered)).state).toBe('pending');
    clock.advance(2_000);
    const expired = await view(unanswered);
    expect(expired).toMatchObject({ state: 'expired', stream: null });
    expect(expired.error).toMatch(/^the agent did not answer within 30 s; is it running, enrolled/);
    // Too late to hand out: the installer has been told it failed.
    expect(await take()).toEqual([]);

    const taken = await ask({ cameraId: 'cam-01' });
    expect((await take()).map((p) => p.id)).toEqual([taken]);
    clock.advance(29_000);
    expect((await take()).map((p) => p.id)).toEqual([taken]);
    clock.advance(2_000);
    expect(await take()).toEqual([]);
    expect((await view(taken)).error).toMatch(/^the test was sent to the agent but no result came back within 30 s/);
  });

  it('a test whose sealed address can no longer be read fails on its own, and the sync still hands out the others', async () => {
    const lost = await ask({ url: 'rtsp://admin:pw@10.0.0.7/sub' });
    const fine = await ask({ url: 'rtsp://10.0.0.8/sub' });
    await h.db.db.updateTable('probes').set({ url_sealed: new CredentialCipher(randomBytes(32)).seal('rtsp://admin:pw@10.0.0.7/sub') }).where('id', '=', lost).execute();
    expect((await take()).map((p) => p.id)).toEqual([fine]);
    expect(await view(lost)).toMatchObject({ state: 'failed', error: "the console can no longer read this test's address (its secret key changed); ask for the test again" });
    expect((await agent().probeResult(token, fine, { ok: false, error: 'timeout' })).status).toBe(204);
  });

  it("testing a saved camera whose stored login can no longer be read is 400 naming the camera, and nothing reaches the agent", async () => {
    const row = await h.db.db.selectFrom('config_versions').select(['document', 'version']).where('agent_id', '=', AGENT).orderBy('version', 'desc').executeTakeFirstOrThrow();
    const document = JSON.parse(row.document) as { cameras: { credentials: { detect?: string } }[] };
    const readable = document.cameras[0]!.credentials.detect;
    document.cameras[0]!.credentials.detect = new CredentialCipher(randomBytes(32)).seal('admin:Adm1n@secret');
    await h.db.db.updateTable('config_versions').set({ document: JSON.stringify(document) }).where('agent_id', '=', AGENT).where('version', '=', row.version).execute();
    const probesBefore = (await h.db.db.selectFrom('probes').select('id').execute()).length;
    const res = await installer.request('POST', `/api/agents/${AGENT}/probes`, { body: { cameraId: 'cam-01' } });
    expect(res.status).toBe(400);
    expect((await body<{ error: { message: string } }>(res)).error.message).toBe("camera cam-01: detect.url: its stored login can no longer be read (the console's secret key changed?); type it again");
    expect(await h.db.db.selectFrom('probes').select('id').execute()).toHaveLength(probesBefore);
    document.cameras[0]!.credentials.detect = readable;
    await h.db.db.updateTable('config_versions').set({ document: JSON.stringify(document) }).where('agent_id', '=', AGENT).where('version', '=', row.version).execute();
  });

  it("snapshots must be JPEGs within the limit, for the agent's own tests; results must follow the contract", async () => {
    const probeId = await ask({ cameraId: 'cam-01' });
    await take();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect((await agent().probeSnapshot(token, probeId, h.snapshot.bytes, 'image/png')).status).toBe(415);
    expect((await agent().probeSnapshot(token, probeId, png)).status).toBe(415);
    expect((await agent().probeSnapshot(token, probeId, Buffer.alloc(MAX_PROBE_SNAPSHOT_BYTES + 1, 0xff))).status).toBe(413);
    expect((await agent().probeResult(token, probeId, { ok: true, codec: 'h264' })).status).toBe(400);

    const stranger = await enrolledAgent(h, installer, 'agent-probe-other');
    expect((await agent().probeSnapshot(stranger, probeId, h.snapshot.bytes)).status).toBe(404);
    expect((await agent().probeResult(stranger, probeId, { ok: false, error: 'x' })).status).toBe(404);
    expect((await agent().probeResult('wwa_forged-token-value', probeId, { ok: false, error: 'x' })).status).toBe(401);
    expect((await installer.request('GET', `/api/agents/agent-probe-other/probes/${probeId}`)).status).toBe(404);
    expect((await view(probeId)).snapshotUrl).toBeNull();
  });

  it('asking for a camera that is not saved is 404, for both a camera and a URL 400, and a revoked agent cannot be asked', async () => {
    expect((await installer.request('POST', `/api/agents/${AGENT}/probes`, { body: { cameraId: 'cam-99' } })).status).toBe(404);
    expect((await installer.request('POST', `/api/agents/${AGENT}/probes`, { body: { cameraId: 'cam-01', url: 'rtsp://x/y' } })).status).toBe(400);
    expect((await installer.request('POST', `/api/agents/${AGENT}/probes`, { body: { url: 'ftp://10.0.0.5/x' } })).status).toBe(400);
    expect((await installer.request('POST', '/api/agents/nobody/probes', { body: { url: 'rtsp://10.0.0.5/x' } })).status).toBe(404);
    expect((await installer.request('POST', '/api/agents/agent-probe-other/revoke')).status).toBe(200);
    expect((await installer.request('POST', '/api/agents/agent-probe-other/probes', { body: { url: 'rtsp://10.0.0.5/x' } })).status).toBe(409);
  });
});
