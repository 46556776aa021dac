import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentHeartbeatV1, HEARTBEATS_QUEUE, type AgentHeartbeat } from '@wardwatch/contracts';
import { fixturePath, freePort, pollUntil, randomPrefix, startCameraSimulator, type CameraSimulator } from '@wardwatch/devkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLine, descendantsOf, spawnAgent, survivors, type AgentProcess } from './agent-process.js';
import { agentYaml, anyRedis, type CameraEntry } from './run-fixtures.js';

interface Status {
  configVersion: string;
  delivery: { publishing: boolean; heartbeats: boolean };
  cameras: { id: string; state: string; restarts: number }[];
}

let redis: { url: string; stop: () => Promise<void> };
let sim: CameraSimulator;
let dir: string;
let agent: AgentProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-run-reload-'));
  redis = await anyRedis();
  sim = await startCameraSimulator({ mounts: { lot: fixturePath('lot-drive-through.mp4'), table: fixturePath('table-people-dwell.mp4') } });
});

afterAll(async () => {
  await agent?.killAll();
  await sim.stop();
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
});

const zone = (polygon: number[][]) => ({ id: 'walkway', polygon, rules: [{ type: 'sidewalk_encroachment', graceSeconds: 30 }] });

async function heartbeats(prefix: string): Promise<AgentHeartbeat[]> {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(HEARTBEATS_QUEUE, { connection, prefix });
  try {
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    return jobs.map((job) => agentHeartbeatV1.parse(job.data));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** The ffmpeg the agent runs for each camera, found by the stream URL on its command line. */
async function ffmpegPids(agentPid: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const pid of await descendantsOf(agentPid)) {
    const cmd = await commandLine(pid);
    if (!cmd.startsWith('ffmpeg')) continue;
    for (const mount of ['lot', 'table']) if (cmd.includes(sim.url(mount))) out[mount] = pid;
  }
  return out;
}

describe('edge-agent run: SIGHUP reload and SIGTERM', () => {
  it('applies a zone edit without restarting ffmpeg, restarts only the camera whose stream changed, reports the new configVersion, keeps the old config when the new one is invalid, and exits 0 with no child left', async () => {
    const prefix = randomPrefix();
    const httpPort = await freePort();
    const configPath = join(dir, 'agent.yaml');
    const write = (cameras: CameraEntry[], extra = ''): Promise<void> =>
      writeFile(configPath, agentYaml({ agentId: 'run-reload', dataDir: join(dir, 'data'), httpPort, redis: { url: redis.url, prefix }, heartbeatSeconds: 2, cameras }) + extra);
    const camA = (polygon: number[][]): CameraEntry => ({ id: 'cam-a', url: sim.url('lot'), zones: [zone(polygon)] });
    const camB: CameraEntry = { id: 'cam-b', url: sim.url('table'), zones: [zone([[0.1, 0.5], [0.9, 0.5], [0.9, 0.99], [0.1, 0.99]])] };
    await write([camA([[0.1, 0.5], [0.5, 0.5], [0.5, 0.99], [0.1, 0.99]]), camB]);

    agent = spawnAgent(configPath);
    const status = async (): Promise<Status> => (await (await fetch(`http://127.0.0.1:${httpPort}/status`)).json()) as Status;
    const before = await pollUntil('both cameras up', async () => {
      const s = await status();
      return s.cameras.every((c) => c.state === 'up') ? s : undefined;
    }, { timeoutMs: 60_000, retryErrors: true });
    expect(before.delivery).toMatchObject({ publishing: false, heartbeats: true });
    expect(agent.logs().some((l) => l.event === 'delivery_off')).toBe(true);
    const v1 = before.configVersion;
    expect(v1).toMatch(/^[0-9a-f]{12}$/);
    await pollUntil('a heartbeat with the first config version', async () => ((await heartbeats(prefix)).some((h) => h.configVersion === v1) ? true : undefined), { retryErrors: true });
    const pids1 = await pollUntil('both ffmpeg processes', async () => {
      const pids = await ffmpegPids(agent!.pid);
      return pids.lot && pids.table ? pids : undefined;
    }, { retryErrors: true });
    const restartsB = before.cameras.find((c) => c.id === 'cam-b')!.restarts;

    // 1. cam-a's zone moves: applied to its running analysis, no ffmpeg restarts at all.
    await write([camA([[0.2, 0.5], [0.6, 0.5], [0.6, 0.99], [0.2, 0.99]]), camB]);
    agent.signal('SIGHUP');
    const zoneEdit = await agent.waitForLog('the zone edit', (l) => l.event === 'config_reloaded');
    expect(zoneEdit.cameras).toEqual({ added: [], changed: [], updated: ['cam-a'], removed: [], unchanged: ['cam-b'] });
    const afterZone = await status();
    expect(afterZone.configVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(afterZone.configVersion).not.toBe(v1);
    expect(afterZone.cameras.map((c) => [c.state, c.restarts])).toEqual(before.cameras.map((c) => [c.state, c.restarts]));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await ffmpegPids(agent.pid)).toEqual(pids1);

    // 2. cam-a's frame rate changes: only cam-a restarts, with a new ffmpeg.
    await write([{ ...camA([[0.2, 0.5], [0.6, 0.5], [0.6, 0.99], [0.2, 0.99]]), fps: 4 }, camB]);
    agent.signal('SIGHUP');
    const reloaded = await agent.waitForLog('the stream change', (l) => l.event === 'config_reloaded' && l !== zoneEdit);
    expect(reloaded.cameras).toEqual({ added: [], changed: ['cam-a'], updated: [], removed: [], unchanged: ['cam-b'] });
    const after = await pollUntil('cam-a up again', async () => {
      const s = await status();
      return s.cameras.every((c) => c.state === 'up') ? s : undefined;
    }, { timeoutMs: 60_000, retryErrors: true });
    const v2 = after.configVersion;
    expect(v2).toMatch(/^[0-9a-f]{12}$/);
    expect(v2).not.toBe(afterZone.configVersion);
    expect(reloaded.configVersion).toBe(v2);
    const pids2 = await pollUntil('cam-a\'s new ffmpeg', async () => {
      const pids = await ffmpegPids(agent!.pid);
      return pids.lot && pids.lot !== pids1.lot ? pids : undefined;
    }, { retryErrors: true });
    expect(pids2.table).toBe(pids1.table);
    expect(after.cameras.find((c) => c.id === 'cam-b')!.restarts).toBe(restartsB);
    await pollUntil('a heartbeat with the new config version', async () => ((await heartbeats(prefix)).some((h) => h.configVersion === v2) ? true : undefined), { retryErrors: true });

    // 3. A broken file is not applied: every problem is logged, the running config stays.
    await write(
      [{ ...camA([[0.2, 0.5], [1.6, 0.5], [0.6, 0.99]]), url: sim.url('lot'), fps: 4 }, camB],
      'unknownSection: true\n',
    );
    agent.signal('SIGHUP');
    const rejected = await agent.waitForLog('the rejection', (l) => l.event === 'config_reload_rejected');
    const problems = agent.logs().filter((l) => l.event === 'config_problem').map((l) => String(l.problem));
    expect(rejected.problems).toBe(problems.length);
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.join('\n')).toMatch(/unknownSection/);
    expect(problems.join('\n')).toMatch(/cameras\[0\]\.zones\[0\]\.polygon/);
    await new Promise((r) => setTimeout(r, 2_000));
    const kept = await status();
    expect(kept.configVersion).toBe(v2);
    expect(kept.cameras.map((c) => c.state)).toEqual(['up', 'up']);
    expect(await ffmpegPids(agent.pid)).toEqual(pids2);

    // 4. SIGTERM: exit 0, and no process the agent started is left.
    const children = await descendantsOf(agent.pid);
    expect(children).toEqual(expect.arrayContaining([pids2.lot, pids2.table]));
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(await survivors(children)).toEqual([]);
    expect(agent.logs().some((l) => l.msg === 'agent stopped')).toBe(true);
  }, 180_000);
});
