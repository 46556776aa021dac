import { HEARTBEATS_QUEUE, managedConfig, syncResponse, type AgentHeartbeat } from '@wardwatch/contracts';
import { signHeartbeat } from '@wardwatch/contracts/agent-signature';
import { randomPrefix } from '@wardwatch/devkit';
import { Queue, QueueEvents } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOverviewList, type AgentOverview } from '../src/api/site-api-types.js';
import { startConsoleWorker, type ConsoleWorker } from '../src/worker/console-worker.js';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { agentSide, body, cameraInput, enrolledAgent, sync } from './support/installer.js';
import { databaseTargets, sqliteTarget } from './support/test-databases.js';
import { testRedis, type TestRedis } from './support/test-redis.js';

const targets = await databaseTargets();
const AGENT = 'agent-sync';
const AGENT_REDIS = 'redis://:redis-pw@console.ward.lan:6379';

describe.each(targets)('agent sync and lagging agents on $name', (target) => {
  let h: Harness;
  let installer: Client;
  let token: string;
  const overview = async (): Promise<AgentOverview> => {
    const found = agentOverviewList.parse(await body(await installer.request('GET', '/api/agents'))).items.find((a) => a.id === AGENT);
    if (!found) throw new Error('agent missing from the list');
    return found;
  };
  const saveCamera = async (baseVersion: number, id: string, fps = 5) => {
    const res = await installer.request('PUT', `/api/agents/${AGENT}/cameras/${id}`, { body: { baseVersion, camera: cameraInput(id, { detect: { url: `rtsp://viewer:pw@10.0.0.7/${id}`, fps } }) } });
    expect(res.status, await res.clone().text()).toBe(200);
  };

  beforeAll(async () => {
    h = await startHarness(target, { agentDelivery: { redisUrl: AGENT_REDIS, queuePrefix: 'bull' } });
    installer = await h.login('lapdat');
    token = await enrolledAgent(h, installer, AGENT);
  });
  afterAll(async () => h?.close());

  it('with nothing configured yet, the agent gets latestVersion 0 and no config, and is recorded as seen', async () => {
    expect(await overview()).toMatchObject({ lastSeenAt: null, runningVersion: null, lagging: false });
    const answer = await sync(h, token, 0, 'f3a9c0de');
    expect(answer).toEqual({ latestVersion: 0, probes: [] });
    // A local file's hash while the console manages nothing: not lagging.
    expect(await overview()).toMatchObject({ lastSeenAt: expect.any(String), runningVersion: 'f3a9c0de', latestVersion: 0, lagging: false });
  });

  it('an agent without the newest version gets the whole config, checked by the contract; an agent that has it gets none', async () => {
    await saveCamera(0, 'cam-01');
    const answer = await sync(h, token, 0);
    expect(syncResponse.safeParse(answer).success).toBe(true);
    const config = managedConfig.parse(answer.config);
    expect(config).toMatchObject({ version: 1, agent: { id: AGENT, ward: 'hoan-kiem' }, redis: { url: AGENT_REDIS, prefix: 'bull' } });
    expect(config.cameras.map((c) => [c.id, c.detect.url, c.detect.fps])).toEqual([['cam-01', 'rtsp://viewer:pw@10.0.0.7/cam-01', 5]]);
    expect(config.cameras[0]?.zones[0]?.rules[0]).toEqual({ type: 'illegal_parking', graceSeconds: 20, classes: ['car', 'motorcycle', 'bus', 'truck'] });

    const upToDate = await sync(h, token, 1, 'v1');
    expect(upToDate).toEqual({ latestVersion: 1, probes: [] });
    expect(await overview()).toMatchObject({ latestVersion: 1, runningVersion: 'v1', lagging: false, cameraCount: 1 });
  });

  it('an agent still running an older version lags until it reports the newest; a local file that wins lags too', async () => {
    await saveCamera(1, 'cam-02');
    const answer = await sync(h, token, 1, 'v1');
    expect(answer.latestVersion).toBe(2);
    expect(answer.config?.cameras.map((c) => c.id)).toEqual(['cam-01', 'cam-02']);
    expect(await overview()).toMatchObject({ latestVersion: 2, runningVersion: 'v1', lagging: true, cameraCount: 2 });
    await sync(h, token, 2, 'v2');
    expect((await overview()).lagging).toBe(false);
    await sync(h, token, 2, 'sha256-of-local-yaml');
    expect((await overview()).lagging).toBe(true);
    // The agent says which it runs: its own file, or the console's config.
    expect((await overview()).configMode).toBeNull();
    await sync(h, token, 2, 'sha256-of-local-yaml', 'local');
    expect((await overview()).configMode).toBe('local');
    await sync(h, token, 2, 'v2', 'managed');
    expect(await overview()).toMatchObject({ configMode: 'managed', lagging: false });
    expect((await agentSide(h.url).sync(token, 2, 'v2', 'other' as 'local')).status).toBe(400);
  });

  it('a malformed sync is 400, and a missing, wrong or revoked token is 401', async () => {
    expect((await agentSide(h.url).sync(token, -1)).status).toBe(400);
    expect((await fetch(`${h.url}/api/agent/sync?have=1&extra=1`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(400);
    expect((await fetch(`${h.url}/api/agent/sync?have=1`)).status).toBe(401);
    expect((await agentSide(h.url).sync('wwa_not-a-real-token-at-all', 0)).status).toBe(401);
    const other = await enrolledAgent(h, installer, 'agent-sync-revoked');
    expect((await installer.request('POST', '/api/agents/agent-sync-revoked/revoke')).status).toBe(200);
    expect((await agentSide(h.url).sync(other, 0)).status).toBe(401);
  });
});

describe('a console with no agent-facing Redis', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(sqliteTarget);
  });
  afterAll(async () => h?.close());

  it('hands out configs without a redis section (the agent keeps its own REDIS_URL)', async () => {
    const installer = await h.login('lapdat');
    const token = await enrolledAgent(h, installer, 'agent-plain');
    expect((await installer.request('PUT', '/api/agents/agent-plain/cameras/cam-01', { body: { baseVersion: 0, camera: cameraInput('cam-01') } })).status).toBe(200);
    const config = managedConfig.parse((await sync(h, token, 0)).config);
    expect(config.redis).toBeUndefined();
  });
});

describe.each(targets)('heartbeats through real Redis record the running version on $name', (target) => {
  let redis: TestRedis;
  let h: Harness;
  let worker: ConsoleWorker;
  let beats: Queue;
  let events: QueueEvents;
  const prefix = randomPrefix();
  /** Tokens of the agents enrolled in these tests: their heartbeats are signed with them, as the agent signs. */
  const tokens = new Map<string, string>();
  const beat = (agentId: string, configVersion?: string, sentAt = new Date()): AgentHeartbeat => {
    const unsigned: AgentHeartbeat = {
      version: 1, agentId, ward: 'hoan-kiem', agentVersion: '0.1.0', sentAt: sentAt.toISOString(), uptimeSeconds: 5, outboxPending: 0,
      cameras: [{ id: 'cam-01', name: 'Camera cam-01', state: 'up', fps: 5, restarts: 0 }],
      ...(configVersion ? { configVersion } : {}),
    };
    const token = tokens.get(agentId);
    return token ? signHeartbeat(unsigned, token) : unsigned;
  };

  beforeAll(async () => {
    redis = await testRedis();
    h = await startHarness(target);
    worker = await startConsoleWorker({ redisUrl: redis.url, prefix, services: h.services, logger: pino({ level: 'silent' }), retention: false });
    beats = new Queue(HEARTBEATS_QUEUE, { connection: { url: redis.url }, prefix });
    events = new QueueEvents(HEARTBEATS_QUEUE, { connection: { url: redis.url }, prefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await worker?.close();
    await beats?.obliterate({ force: true });
    await Promise.all([beats?.close(), events?.close()]);
    await h?.close();
    await redis?.stop();
  });

  it("the heartbeat's configVersion becomes the agent's running version and its time the last seen; an unknown agent changes nothing", async () => {
    const installer = await h.login('lapdat');
    tokens.set('agent-beat', await enrolledAgent(h, installer, 'agent-beat'));
    expect((await installer.request('PUT', '/api/agents/agent-beat/cameras/cam-01', { body: { baseVersion: 0, camera: cameraInput('cam-01') } })).status).toBe(200);
    expect((await installer.request('PUT', '/api/agents/agent-beat/cameras/cam-02', { body: { baseVersion: 1, camera: cameraInput('cam-02') } })).status).toBe(200);

    await (await beats.add(HEARTBEATS_QUEUE, beat('agent-beat', 'v1'))).waitUntilFinished(events, 30_000);
    const list = async () => agentOverviewList.parse(await body(await installer.request('GET', '/api/agents'))).items;
    expect((await list()).find((a) => a.id === 'agent-beat')).toMatchObject({ runningVersion: 'v1', latestVersion: 2, lagging: true, lastSeenAt: expect.any(String) });

    await (await beats.add(HEARTBEATS_QUEUE, beat('agent-beat', 'v2'))).waitUntilFinished(events, 30_000);
    expect((await list()).find((a) => a.id === 'agent-beat')).toMatchObject({ runningVersion: 'v2', lagging: false });

    // An older agent without configVersion keeps the last known label but is still seen.
    const before = (await list()).find((a) => a.id === 'agent-beat')!.lastSeenAt;
    await new Promise((r) => setTimeout(r, 5));
    await (await beats.add(HEARTBEATS_QUEUE, beat('agent-beat'))).waitUntilFinished(events, 30_000);
    const after = (await list()).find((a) => a.id === 'agent-beat')!;
    expect(after.runningVersion).toBe('v2');
    expect(Date.parse(after.lastSeenAt!)).toBeGreaterThan(Date.parse(before!));

    const stranger = await beats.add(HEARTBEATS_QUEUE, beat('agent-nobody', 'v9'));
    await expect(stranger.waitUntilFinished(events, 30_000)).rejects.toThrow(/not registered/);
    expect((await list()).some((a) => a.id === 'agent-nobody')).toBe(false);
  });

  it('a heartbeat that arrives late or out of order never moves the running version back, nor behind what the agent said at its last sync', async () => {
    const installer = await h.login('lapdat');
    const token = await enrolledAgent(h, installer, 'agent-late');
    tokens.set('agent-late', token);
    const list = async () => agentOverviewList.parse(await body(await installer.request('GET', '/api/agents'))).items.find((a) => a.id === 'agent-late')!;
    const sent = Date.now();
    await (await beats.add(HEARTBEATS_QUEUE, beat('agent-late', 'v3', new Date(sent)))).waitUntilFinished(events, 30_000);
    const seen = (await list()).lastSeenAt;
    await (await beats.add(HEARTBEATS_QUEUE, beat('agent-late', 'v2', new Date(sent - 10_000)))).waitUntilFinished(events, 30_000);
    expect(await list()).toMatchObject({ runningVersion: 'v3', lastSeenAt: seen });

    await sync(h, token, 0, 'v4');
    // Sent before that sync, queued behind it.
    await (await beats.add(HEARTBEATS_QUEUE, beat('agent-late', 'v3', new Date(Date.now() - 2_000)))).waitUntilFinished(events, 30_000);
    expect((await list()).runningVersion).toBe('v4');
    await (await beats.add(HEARTBEATS_QUEUE, beat('agent-late', 'v5', new Date(Date.now() + 1_000)))).waitUntilFinished(events, 30_000);
    expect((await list()).runningVersion).toBe('v5');
  });
});
