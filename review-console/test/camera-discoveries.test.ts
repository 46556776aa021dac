import type { DiscoveredCamera, DiscoveryTask } from '@wardwatch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoveryView, type DiscoveryView } from '../src/api/site-api-types.js';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { agentSide, body, enrolledAgent, manualClock, sync } from './support/installer.js';
import { databaseTargets } from './support/test-databases.js';

const targets = await databaseTargets();
const AGENT = 'agent-find';
const LOGIN = { user: 'admin', password: 'Cam@pw#2026' };

/** A camera as the agent reports it: an H.265 main stream and an H.264 sub-stream. */
const FOUND: DiscoveredCamera = {
  endpoint: 'urn:uuid:2f1c0a7e-0000-4000-8000-000000000001',
  address: '10.0.5.21',
  deviceUrl: 'http://10.0.5.21/onvif/device_service',
  name: 'Cổng sau',
  hardware: 'IPC-2000',
  profiles: [
    { token: 'main', name: 'mainStream', codec: 'H265', width: 2560, height: 1440, fps: 25, rtspUrl: 'rtsp://10.0.5.21:554/Streaming/Channels/101' },
    { token: 'sub', name: 'subStream', codec: 'H264', width: 640, height: 360, fps: 10, rtspUrl: 'rtsp://10.0.5.21:554/Streaming/Channels/102' },
  ],
  suggested: { detect: 'sub', record: 'main' },
};

describe.each(targets)('"Find cameras" through the agent on $name', (target) => {
  let h: Harness;
  let installer: Client;
  let token: string;
  const clock = manualClock();
  const agent = () => agentSide(h.url);
  const ask = async (request: Record<string, unknown>): Promise<string> => {
    const res = await installer.request('POST', `/api/agents/${AGENT}/discoveries`, { body: request });
    expect(res.status, await res.clone().text()).toBe(202);
    return (await body<{ discoveryId: string }>(res)).discoveryId;
  };
  const view = async (id: string): Promise<DiscoveryView> => discoveryView.parse(await body(await installer.request('GET', `/api/agents/${AGENT}/discoveries/${id}`)));
  const take = async (): Promise<DiscoveryTask[] | undefined> => (await sync(h, token, 0)).discoveries;

  beforeAll(async () => {
    h = await startHarness(target, { clock: clock.now });
    installer = await h.login('lapdat');
    token = await enrolledAgent(h, installer, AGENT);
  });
  afterAll(async () => h?.close());

  it('a search with the login reaches the agent until it answers, and the cameras and their streams come back to the installer', async () => {
    // No search asked: the answer has no `discoveries` key (an agent from before "Find cameras" would refuse one).
    expect(await take()).toBeUndefined();
    const id = await ask({ user: LOGIN.user, password: LOGIN.password, targets: ['10.0.5.21', '10.0.6.0:3702'] });
    expect(await view(id)).toMatchObject({ id, state: 'pending', cameras: null, error: null });
    const task = { id, targets: ['10.0.5.21', '10.0.6.0:3702'], login: LOGIN };
    expect(await take()).toEqual([task]);
    // The answer that carried it may be lost: it comes again until the agent reports.
    expect(await take()).toEqual([task]);

    expect((await agent().discoveryResult(token, id, { ok: true, cameras: [FOUND] })).status).toBe(204);
    expect(await view(id)).toMatchObject({ state: 'ok', cameras: [FOUND], error: null });
    expect(await take()).toBeUndefined();
    expect((await agent().discoveryResult(token, id, { ok: false, error: 'late' })).status).toBe(409);
  });

  it('without a login or addresses the agent searches its own network; no answer at all is an answer too', async () => {
    const id = await ask({});
    expect(await take()).toEqual([{ id, targets: [] }]);
    expect((await agent().discoveryResult(token, id, { ok: true, cameras: [] })).status).toBe(204);
    expect(await view(id)).toMatchObject({ state: 'ok', cameras: [] });
  });

  it('no login reaches the installer: not in a stream URL a camera answered with, nor in a reason an agent echoed', async () => {
    const id = await ask({ user: LOGIN.user, password: LOGIN.password });
    await take();
    const leaky: DiscoveredCamera = {
      ...FOUND,
      profiles: [{ ...FOUND.profiles![0]!, rtspUrl: `rtsp://${LOGIN.user}:${LOGIN.password}@10.0.5.21:554/Streaming/Channels/101` }],
    };
    const refused: DiscoveredCamera = { endpoint: 'urn:uuid:other', address: '10.0.5.22', deviceUrl: 'http://10.0.5.22/onvif/device_service', problem: `the camera rejected ${LOGIN.password}` };
    expect((await agent().discoveryResult(token, id, { ok: true, cameras: [leaky, refused] })).status).toBe(204);
    const shown = await view(id);
    expect(JSON.stringify(shown)).not.toContain(LOGIN.password);
    expect(shown.cameras![0]!.profiles![0]!.rtspUrl).toBe('rtsp://10.0.5.21:554/Streaming/Channels/101');
    expect(shown.cameras![1]!.problem).toBe('the camera rejected ***');
    // Nor does the audit log carry it, only that a login was given.
    const audit = await body<{ items: { action: string; after: unknown }[] }>(await (await h.login('admin')).request('GET', '/api/audit?limit=50'));
    const asked = audit.items.filter((e) => e.action === 'camera_search_requested');
    expect(asked.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(asked)).not.toContain(LOGIN.password);
    // At rest the login is sealed, like a stream URL's.
    expect(JSON.stringify(await h.db.db.selectFrom('discoveries').selectAll().execute())).not.toContain(LOGIN.password);
  });

  it('a search nobody picks up reads as expired, saying the agent did not answer', async () => {
    const id = await ask({ targets: ['10.0.5.21'] });
    clock.advance(46_000);
    expect(await view(id)).toMatchObject({ state: 'expired', cameras: null, error: expect.stringMatching(/^the agent did not answer within 45 s/) });
    expect(await take()).toBeUndefined();
  });

  it('results must follow the contract and come from the agent asked; requests are checked; other roles and agents are refused', async () => {
    const id = await ask({});
    await take();
    expect((await agent().discoveryResult(token, id, { ok: true })).status).toBe(400);
    expect((await agent().discoveryResult(token, id, { ok: true, cameras: [{ address: 'x' }] })).status).toBe(400);
    const stranger = await enrolledAgent(h, installer, 'agent-find-other');
    expect((await agent().discoveryResult(stranger, id, { ok: true, cameras: [] })).status).toBe(404);
    expect((await agent().discoveryResult('wwa_forged-token-value', id, { ok: true, cameras: [] })).status).toBe(401);
    expect((await installer.request('GET', `/api/agents/agent-find-other/discoveries/${id}`)).status).toBe(404);

    expect((await installer.request('POST', `/api/agents/${AGENT}/discoveries`, { body: { targets: ['rtsp://10.0.0.5/x'] } })).status).toBe(400);
    expect((await installer.request('POST', `/api/agents/${AGENT}/discoveries`, { body: { password: 'x' } })).status).toBe(400);
    expect((await installer.request('POST', '/api/agents/nobody/discoveries', { body: {} })).status).toBe(404);
    const officer = await h.login('canbo.hoankiem');
    expect((await officer.request('POST', `/api/agents/${AGENT}/discoveries`, { body: {} })).status).toBe(403);
    expect((await officer.request('GET', `/api/agents/${AGENT}/discoveries/${id}`)).status).toBe(403);
    expect((await installer.request('POST', '/api/agents/agent-find-other/revoke')).status).toBe(200);
    expect((await installer.request('POST', '/api/agents/agent-find-other/discoveries', { body: {} })).status).toBe(409);
  });
});
