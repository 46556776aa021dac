import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, pollUntil, randomPrefix, startCameraSimulator, type CameraSimulator } from '@wardwatch/devkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadModelManifest } from '../../src/models/model-manifest.js';
import { pointInPolygon } from '../../src/zones/polygon.js';
import { descendantsOf, spawnAgent, survivors, type AgentProcess, type LogLine } from './agent-process.js';
import { startConsole, type ConsoleProcess } from './console-process.js';
import { jpegSize, playableClip } from './media-check.js';
import { agentYaml, anyRedis, PARKING_ZONE, parkedCarScene, parkingZone } from './run-fixtures.js';

const GRACE_SECONDS = 8;
let redis: { url: string; stop: () => Promise<void> };
let sim: CameraSimulator;
let dir: string;
let consoleProcess: ConsoleProcess | undefined;
const agents: AgentProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-run-e2e-'));
  redis = await anyRedis();
  sim = await startCameraSimulator({ mounts: { lot: await parkedCarScene() } });
});

afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.killAll();
  await consoleProcess?.stop();
  consoleProcess = undefined;
});

afterAll(async () => {
  await sim.stop();
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Writes the config of one agent watching the parked-car camera, delivering to `console`. */
async function parkingAgentConfig(name: string, agentId: string, prefix: string, console: ConsoleProcess): Promise<{ path: string; env: NodeJS.ProcessEnv; httpPort: number }> {
  const httpPort = await freePort();
  const path = join(dir, `${name}.yaml`);
  await writeFile(
    path,
    agentYaml({
      agentId,
      dataDir: join(dir, name),
      httpPort,
      console: { url: console.url },
      redis: { url: redis.url, prefix },
      cameras: [{ id: 'gate-cam', name: 'Cổng sau UBND', url: sim.url('lot'), zones: [parkingZone(GRACE_SECONDS)] }],
    }),
  );
  return { path, env: { WARDWATCH_AGENT_TOKEN: console.token }, httpPort };
}

function start(path: string, env: NodeJS.ProcessEnv): AgentProcess {
  const agent = spawnAgent(path, env);
  agents.push(agent);
  return agent;
}

async function stopCleanly(agent: AgentProcess): Promise<void> {
  const children = await descendantsOf(agent.pid);
  agent.signal('SIGTERM');
  expect(await agent.exited).toEqual({ code: 0, signal: null });
  expect(await survivors(children)).toEqual([]);
}

const recorded = (agent: AgentProcess): string[] => agent.logs().filter((l) => l.event === 'violation_recorded').map((l) => String(l.violationId));
const isPublished = (id: string) => (l: LogLine) => l.event === 'violation_published' && l.violationId === id;

async function waitForCases(console: ConsoleProcess, count: number, timeoutMs = 60_000) {
  let seen = 0;
  const cases = async () => {
    const all = await console.cases();
    seen = all.length;
    return all.length >= count ? all : undefined;
  };
  return pollUntil(`${count} case(s) at the console`, cases, { timeoutMs, intervalMs: 500, detail: () => `the console has ${seen} cases` });
}

describe('edge-agent run with the real console, Redis, ffmpeg and the RTSP simulator', () => {
  it('a car that stays in a no-parking zone becomes exactly one case whose clip plays and whose snapshot is a JPEG', async () => {
    const prefix = randomPrefix();
    consoleProcess = await startConsole({ redisUrl: redis.url, queuePrefix: prefix, agentId: 'run-e2e' });
    const config = await parkingAgentConfig('e2e', 'run-e2e', prefix, consoleProcess);
    const agent = start(config.path, config.env);

    await agent.waitForLog('delivery on', (l) => l.event === 'delivery_on');
    const published = await agent.waitForLog('the violation published', (l) => l.event === 'violation_published', 90_000);
    const [only] = await waitForCases(consoleProcess, 1);
    expect(only).toMatchObject({ id: published.violationId, cameraId: 'gate-cam', ruleType: 'illegal_parking', zoneId: 'no-parking-gate' });
    const stayedMs = Date.parse(only!.triggeredAt) - Date.parse(only!.startedAt);
    expect(stayedMs).toBeGreaterThanOrEqual(GRACE_SECONDS * 1_000);

    const detail = await consoleProcess.detail(only!.id);
    expect(detail.agentId).toBe('run-e2e');
    const manifest = await loadModelManifest('yolox_nano');
    expect(detail.model).toEqual({ name: manifest.name, sha256: manifest.sha256 });
    const anchor: [number, number] = [(detail.bbox.x1 + detail.bbox.x2) / 2, detail.bbox.y2];
    expect(pointInPolygon(anchor[0], anchor[1], PARKING_ZONE as [number, number][])).toBe(true);

    const clipPath = join(dir, 'case-clip.mp4');
    await writeFile(clipPath, await consoleProcess.media(only!.clipUrl));
    const clip = await playableClip(clipPath);
    expect(clip.codec).toBe('h264');
    // The clip covers the stay up to the trigger (the window is pre + stay + post, cut on keyframes).
    expect(clip.durationSeconds).toBeGreaterThanOrEqual(GRACE_SECONDS);
    const snapshot = await jpegSize(await consoleProcess.media(only!.snapshotUrl));
    expect(snapshot).toEqual({ width: 768, height: 432 });

    // The car is still parked: a later look must still find one case, and the outbox is empty.
    await new Promise((r) => setTimeout(r, 5_000));
    expect((await consoleProcess.cases()).map((c) => c.id)).toEqual([only!.id]);
    const status = (await (await fetch(`http://127.0.0.1:${config.httpPort}/status`)).json()) as { delivery: { outboxPending: number; publishing: boolean } };
    expect(status.delivery).toMatchObject({ publishing: true, outboxPending: 0 });
    await stopCleanly(agent);
  }, 180_000);

  it('killed with SIGKILL between upload and enqueue, and between enqueue and outbox cleanup: after restart the console has exactly one copy of each violation', async () => {
    const prefix = randomPrefix();
    consoleProcess = await startConsole({ redisUrl: redis.url, queuePrefix: prefix, agentId: 'run-crash' });
    const config = await parkingAgentConfig('crash', 'run-crash', prefix, consoleProcess);

    // 1. The first violation is uploaded, then the agent dies before the enqueue.
    const first = start(config.path, { ...config.env, WARDWATCH_TEST_KILL_AFTER_STEP: 'uploaded' });
    expect((await first.exited).signal).toBe('SIGKILL');
    const [violationId] = recorded(first);
    expect(violationId).toBeDefined();
    expect(await consoleProcess.cases()).toEqual([]);

    // 2. The restart resumes it from the outbox, enqueues it and dies before recording that.
    const second = start(config.path, { ...config.env, WARDWATCH_TEST_KILL_AFTER_STEP: 'enqueued' });
    expect((await second.exited).signal).toBe('SIGKILL');
    expect(second.logs().some((l) => l.event === 'violation_published')).toBe(false);
    await waitForCases(consoleProcess, 1);

    // 3. A clean restart enqueues it again (the same job id) and clears the outbox.
    const third = start(config.path, config.env);
    await third.waitForLog('the first violation delivered', isPublished(violationId!), 60_000);
    await new Promise((r) => setTimeout(r, 3_000));
    const cases = await consoleProcess.cases();
    const ids = cases.map((c) => c.id);
    expect(ids.filter((id) => id === violationId)).toHaveLength(1);
    // Whatever else the restarted agents saw of the same stay arrives once too.
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of recorded(third)) expect(ids.filter((x) => x === id).length).toBeLessThanOrEqual(1);
    await stopCleanly(third);
  }, 180_000);
});
