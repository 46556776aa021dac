import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentHeartbeatV1, HEARTBEATS_QUEUE, type AgentHeartbeat, type ManagedConfigInput } from '@wardwatch/contracts';
import { fixturePath, freePort, pollUntil, randomPrefix, startCameraSimulator, type CameraSimulator } from '@wardwatch/devkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLine, descendantsOf, spawnAgentRun, survivors, type AgentProcess, type LogLine } from '../run/agent-process.js';
import { anyRedis, PARKING_ZONE, parkedCarScene } from '../run/run-fixtures.js';
import { agentStatus, writeSettings, type AgentStatus } from './managed-support.js';
import { startTestConsole, type TestConsole } from './test-console.js';

const AGENT = 'agent-managed-01';
const PASSWORD = 'Cam-Secret-77';
let redis: { url: string; stop: () => Promise<void> };
let sim: CameraSimulator;
let console: TestConsole;
let dir: string;
let agent: AgentProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-managed-'));
  redis = await anyRedis();
  console = await startTestConsole();
  sim = await startCameraSimulator({ mounts: { lot: await parkedCarScene(), table: fixturePath('table-people-dwell.mp4') }, auth: { user: 'admin', password: PASSWORD } });
});

afterAll(async () => {
  await agent?.killAll();
  await sim.stop();
  await console.close();
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
});

type ZoneInput = NonNullable<ManagedConfigInput['cameras'][number]['zones']>[number];
const farCorner = [[0.0, 0.0], [0.15, 0.0], [0.15, 0.15], [0.0, 0.15]];
const parking = (polygon: number[][]): ZoneInput => ({ id: 'no-parking-gate', polygon: polygon as [number, number][], rules: [{ type: 'illegal_parking' as const, graceSeconds: 3 }] });
const walkway: ZoneInput = { id: 'walkway', polygon: [[0.1, 0.5], [0.9, 0.5], [0.9, 0.99], [0.1, 0.99]], rules: [{ type: 'sidewalk_encroachment', graceSeconds: 600 }] };
const camera = (id: string, mount: string, zones: ZoneInput[]) => ({
  id,
  name: `Camera ${id}`,
  detect: { url: sim.url(mount), fps: 5 },
  record: { segmentSeconds: 2, cacheMinutes: 2 },
  watchdog: { noFrameSeconds: 10, backoffInitialSeconds: 0.5, backoffMaxSeconds: 2 },
  zones,
});

async function heartbeats(prefix: string): Promise<AgentHeartbeat[]> {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(HEARTBEATS_QUEUE, { connection, prefix });
  try {
    return (await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).map((job) => agentHeartbeatV1.parse(job.data));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** The ffmpeg of each camera, found by the simulator mount on its command line. */
async function ffmpegPids(agentPid: number): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const pid of await descendantsOf(agentPid)) {
    const cmd = await commandLine(pid);
    if (!cmd.startsWith('ffmpeg')) continue;
    for (const mount of ['lot', 'table']) if (cmd.includes(`:${sim.port}/${mount} `)) (out[mount] ??= []).push(pid);
  }
  for (const pids of Object.values(out)) pids.sort((a, b) => a - b);
  return out;
}

const camerasUp = (count: number, version: string) => async (): Promise<AgentStatus | undefined> => {
  const s = await agentStatus(httpPort);
  return s.configVersion === version && s.cameras.length === count && s.cameras.every((c) => c.state === 'up') ? s : undefined;
};
const restarts = (s: AgentStatus): Record<string, number> => Object.fromEntries(s.cameras.map((c) => [c.id, c.restarts]));
const logged = (event: string) => (l: LogLine) => l.event === event;
let httpPort = 0;

describe('a managed agent follows the console', () => {
  it('applies each new version live, restarting only what must restart, and survives the console going away', async () => {
    const prefix = randomPrefix();
    httpPort = await freePort();
    const dataDir = join(dir, 'data');
    const settings = join(dir, 'agent.yaml');
    await writeSettings(settings, { httpPort, dataDir });
    const base = { agent: { id: AGENT, ward: 'hoan-kiem' }, redis: { url: redis.url, prefix } };
    console.publish(AGENT, { ...base, cameras: [camera('cam-a', 'lot', [parking(farCorner)]), camera('cam-b', 'table', [walkway])] });

    agent = spawnAgentRun(['--config', settings, '--console', console.url, '--enrol', console.enrolmentToken(AGENT, 'hoan-kiem')], { WARDWATCH_CONSOLE_URL: undefined });
    const v1 = await pollUntil('v1 with both cameras up', camerasUp(2, 'v1'), { timeoutMs: 120_000, retryErrors: true });
    expect(v1.delivery.heartbeats).toBe(true);
    await pollUntil('a heartbeat reporting v1', async () => ((await heartbeats(prefix)).some((h) => h.configVersion === 'v1') ? true : undefined), { retryErrors: true });
    // Per camera, one ffmpeg decodes for detection and one records.
    const pids1 = await pollUntil('both cameras\' ffmpeg processes', async () => {
      const pids = await ffmpegPids(agent!.pid);
      return pids.lot?.length === 2 && pids.table?.length === 2 ? pids : undefined;
    }, { retryErrors: true });
    // An installer's probe reaches the running agent through the sync loop.
    const probeId = console.requestProbe(AGENT, sim.url('table'));
    // The snapshot goes first, then the result that promises it.
    await pollUntil('the probe snapshot and result', () => (console.snapshots.has(probeId) && console.probeResults.has(probeId) ? true : undefined), { timeoutMs: 60_000 });
    expect(console.probeResults.get(probeId)).toMatchObject({ ok: true, codec: 'h264', snapshot: true });
    // The cached config holds camera passwords: owner-only.
    expect((await stat(join(dataDir, 'managed-config.json'))).mode & 0o777).toBe(0o600);

    // 1. v2 moves cam-a's zone onto the parked car: no ffmpeg restarts, the rule fires in the new zone.
    console.publish(AGENT, { ...base, cameras: [camera('cam-a', 'lot', [parking(PARKING_ZONE)]), camera('cam-b', 'table', [walkway])] });
    const reloaded = await agent.waitForLog('v2 applied', (l) => l.event === 'config_reloaded' && l.configVersion === 'v2');
    expect(reloaded.cameras).toEqual({ added: [], changed: [], updated: ['cam-a'], removed: [], unchanged: ['cam-b'] });
    const v2 = await pollUntil('v2 running', camerasUp(2, 'v2'), { retryErrors: true });
    expect(restarts(v2)).toEqual(restarts(v1));
    expect(await ffmpegPids(agent.pid)).toEqual(pids1);
    await pollUntil('a heartbeat reporting v2', async () => ((await heartbeats(prefix)).some((h) => h.configVersion === 'v2') ? true : undefined), { retryErrors: true });
    await pollUntil('the console told v2 runs', () => (console.syncs.some((s) => s.have === 2 && s.running === 'v2') ? true : undefined));
    const violation = await agent.waitForLog('a violation in the moved zone', (l) => l.event === 'violation_triggered', 100_000);
    expect(violation).toMatchObject({ camera: 'cam-a', zone: 'no-parking-gate', rule: 'illegal_parking' });
    expect(restarts(await agentStatus(httpPort))).toEqual(restarts(v1));
    expect(await ffmpegPids(agent.pid)).toEqual(pids1);

    // 2. v3 adds a camera: it starts; the others keep their ffmpeg.
    console.publish(AGENT, { ...base, cameras: [camera('cam-a', 'lot', [parking(PARKING_ZONE)]), camera('cam-b', 'table', [walkway]), camera('cam-c', 'table', [])] });
    const v3 = await pollUntil('v3 with cam-c up', camerasUp(3, 'v3'), { timeoutMs: 60_000, retryErrors: true });
    expect(v3.cameras.map((c) => c.id)).toEqual(['cam-a', 'cam-b', 'cam-c']);
    const pids3 = await ffmpegPids(agent.pid);
    expect(pids3.lot).toEqual(pids1.lot);
    expect(pids3.table).toHaveLength(4);
    expect(pids3.table).toEqual(expect.arrayContaining(pids1.table!));

    // 3. An invalid v4 is refused: every problem logged, v3 keeps running.
    const v4 = console.publishRaw(AGENT, (version) => ({
      version,
      ...base,
      cameras: [
        { ...camera('cam-a', 'lot', [{ ...parking(PARKING_ZONE), polygon: [[0.1, 0.1], [0.4, 0.4]] }]) },
        { ...camera('cam-b', 'table', [walkway]), detect: { url: sim.url('table'), fps: 0 } },
        camera('cam-b', 'table', []),
      ],
    }));
    const rejected = await agent.waitForLog('the refusal of v4', (l) => l.event === 'managed_config_rejected' && l.version === v4);
    const syncsAtRefusal = console.syncs.length;
    const problems = agent.logs().filter((l) => l.event === 'managed_config_problem' && l.version === v4).map((l) => String(l.problem));
    expect(rejected.problems).toBe(problems.length);
    expect(problems).toEqual([
      'config.cameras[0].zones[0].polygon: a polygon needs at least 3 points',
      'config.cameras[1].detect.fps: must be greater than 0',
    ]);
    // Refused once, not re-checked and re-logged at every sync: three more syncs (each one offered
    // v4 again) have reached the console, so the first two of them were answered and acted on.
    await pollUntil('three more syncs after the refusal', () => console.syncs.length >= syncsAtRefusal + 3, { timeoutMs: 30_000 });
    expect(agent.logs().filter((l) => l.event === 'managed_config_rejected')).toHaveLength(1);
    expect((await agentStatus(httpPort)).configVersion).toBe('v3');

    // 4. The console goes away: the agent keeps running v3, says so once, and takes v5 when it is back.
    await console.down();
    await agent.waitForLog('the console failure', logged('console_sync_failed'));
    console.publish(AGENT, { ...base, cameras: [camera('cam-a', 'lot', [parking(PARKING_ZONE)]), camera('cam-b', 'table', [walkway])] });
    // A time, not a condition: with the console's port closed, the agent's retries show nowhere
    // but in a second console_sync_failed, which must not come. 8 s holds two retries (backoff
    // from 2 s); the failure count in console_sync_recovered below shows retries did happen.
    await new Promise((r) => setTimeout(r, 8_000));
    expect(agent.logs().filter(logged('console_sync_failed'))).toHaveLength(1);
    const during = await agentStatus(httpPort);
    expect(during).toMatchObject({ configVersion: 'v3', console: { state: 'failing' } });
    expect(during.cameras.length).toBeGreaterThan(0);
    expect(during.cameras.every((c) => c.state === 'up')).toBe(true);
    await console.up();
    const back = await agent.waitForLog('the console back', logged('console_sync_recovered'), 30_000);
    expect(back.failures).toBeGreaterThanOrEqual(2);
    expect(agent.logs().filter(logged('console_sync_failed'))).toHaveLength(1);
    const v5 = await pollUntil('v5 without cam-c', camerasUp(2, 'v5'), { timeoutMs: 30_000, retryErrors: true });
    expect(restarts(v5)).toEqual(restarts(v1));
    expect((await ffmpegPids(agent.pid)).lot).toEqual(pids1.lot);

    // 5. A restart while the console is down runs the cached v5.
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    await console.down();
    const cachedText = await readFile(join(dataDir, 'managed-config.json'), 'utf8');
    expect(cachedText).toContain(PASSWORD);
    agent = spawnAgentRun(['--config', settings], { WARDWATCH_CONSOLE_URL: undefined });
    await agent.waitForLog('the cached start', logged('console_unreachable_at_start'), 60_000);
    await pollUntil('the cached v5 running', camerasUp(2, 'v5'), { timeoutMs: 90_000, retryErrors: true });
    await console.up();
    await pollUntil('back in touch', async () => ((await agentStatus(httpPort)).console?.state === 'ok' ? true : undefined), { timeoutMs: 30_000, retryErrors: true });

    // Camera passwords stay out of logs and /status; the contract was kept throughout.
    const status = JSON.stringify(await agentStatus(httpPort));
    expect(status).not.toContain(PASSWORD);
    expect(JSON.stringify(agent.logs()) + agent.text()).not.toContain(PASSWORD);
    expect(console.violations).toEqual([]);
    const children = await descendantsOf(agent.pid);
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(await survivors(children)).toEqual([]);
  }, 480_000);
});
