import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { carSprite, composeScene, emptyLot, freePort, startCameraSimulator, type CameraSimulator } from '@wardwatch/devkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReportedCase } from '../../src/rules/reported-cases.js';
import { reportedCasesPath } from '../../src/runtime/reported-cases-file.js';
import { descendantsOf, spawnAgent, survivors, type AgentProcess, type LogLine } from './agent-process.js';
import { agentYaml, parkingZone } from './run-fixtures.js';

const GRACE_SECONDS = 5;
let sim: CameraSimulator;
let dir: string;
const agents: AgentProcess[] = [];

/*
 * The car stands in the no-parking zone from the first frame to the last, so the simulator's loop
 * (and its restart of the clip for each new client) never shows it arriving again: whenever the
 * agent looks, the same car is still parked.
 */
function carParkedThroughout(): Promise<string> {
  const at = { x: 300, y: 200 };
  return composeScene({ name: 'run-car-parked-throughout', background: emptyLot, fps: 10, durationSeconds: 40, noise: 4, sprites: [carSprite([{ t: 0, ...at }, { t: 40, ...at }])] });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-run-reported-'));
  sim = await startCameraSimulator({ mounts: { lot: await carParkedThroughout() } });
});

afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.killAll();
});

afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

async function stopCleanly(agent: AgentProcess): Promise<void> {
  const children = await descendantsOf(agent.pid);
  agent.signal('SIGTERM');
  expect(await agent.exited).toEqual({ code: 0, signal: null });
  expect(await survivors(children)).toEqual([]);
}

const triggered = (agent: AgentProcess) => agent.logs().filter((l) => l.event === 'violation_triggered' && l.phase === 'triggered');
/** The first line matching `match` logged after the first `after` lines. */
const logged = (agent: AgentProcess, after: number, match: (l: LogLine) => boolean) => (l: LogLine) => agent.logs().indexOf(l) >= after && match(l);
/** Long enough for a new track to be called stationary (3 s) and for the grace time to pass twice. */
const judged = (graceSeconds: number) => new Promise((r) => setTimeout(r, (3 + 2 * graceSeconds + 4) * 1_000));

describe('edge-agent run while a reported car stays parked', () => {
  it('reports it once across a restart (SIGTERM, start again), a reload that changes its zone\'s grace time, and a restart of its camera', async () => {
    const dataDir = join(dir, 'data');
    const configPath = join(dir, 'agent.yaml');
    const httpPort = await freePort();
    const write = (graceSeconds: number, fps?: number): Promise<void> =>
      writeFile(configPath, agentYaml({ agentId: 'run-reported', dataDir, httpPort, cameras: [{ id: 'gate-cam', url: sim.url('lot'), ...(fps ? { fps } : {}), zones: [parkingZone(graceSeconds)] }] }));
    const casesFile = reportedCasesPath(dataDir, 'gate-cam');
    const onDisk = async (): Promise<ReportedCase[]> => (JSON.parse(await readFile(casesFile, 'utf8')) as { cases: ReportedCase[] }).cases;
    const outboxItems = async (): Promise<number> => (await readdir(join(dataDir, 'outbox', 'items'))).length;
    await write(GRACE_SECONDS);

    // 1. The car is reported, and its case is on disk when the agent stops.
    const first = spawnAgent(configPath);
    agents.push(first);
    const violation = await first.waitForLog('the parked car reported', (l) => l.event === 'violation_triggered' && l.phase === 'triggered', 90_000);
    expect(violation).toMatchObject({ camera: 'gate-cam', zone: 'no-parking-gate', rule: 'illegal_parking' });
    await first.waitForLog('its evidence in the outbox', (l) => l.event === 'violation_recorded', 60_000);
    await stopCleanly(first);
    expect((await onDisk()).map((c) => [c.zoneId, c.rule, c.key])).toEqual([['no-parking-gate', 'illegal_parking', violation.key]]);

    // 2. The restarted agent reads the case back and goes on with it: no second report.
    const restartedAt = Date.now();
    const second = spawnAgent(configPath);
    agents.push(second);
    expect(await second.waitForLog('the case read back', (l) => l.event === 'reported_cases_loaded', 60_000)).toMatchObject({ camera: 'gate-cam', cases: 1 });
    await second.waitForLog('the camera up again', (l) => l.msg === 'camera up', 60_000);
    await judged(GRACE_SECONDS);
    expect(triggered(second)).toEqual([]);
    expect(await outboxItems()).toBe(1);
    // It found the car: the case is live under the first key, seen since the restart.
    const [kept] = await onDisk();
    expect(kept?.key).toBe(violation.key);
    expect(kept!.lastSeenMs).toBeGreaterThan(restartedAt);

    // 3. A longer grace time makes new rules for the zone (the camera keeps its stream): they go on with the case.
    let mark = second.logs().length;
    await write(GRACE_SECONDS + 2);
    second.signal('SIGHUP');
    const edit = await second.waitForLog('the zone edit', logged(second, mark, (l) => l.event === 'config_reloaded'));
    expect(edit.cameras).toMatchObject({ updated: ['gate-cam'] });
    await judged(GRACE_SECONDS + 2);
    expect(triggered(second)).toEqual([]);

    // 4. A new frame rate restarts the camera: a new ffmpeg, a new analyzer, the same case.
    mark = second.logs().length;
    await write(GRACE_SECONDS + 2, 4);
    second.signal('SIGHUP');
    const restart = await second.waitForLog('the stream change', logged(second, mark, (l) => l.event === 'config_reloaded'));
    expect(restart.cameras).toMatchObject({ changed: ['gate-cam'] });
    await second.waitForLog('the camera up again', logged(second, mark, (l) => l.msg === 'camera up'), 60_000);
    await judged(GRACE_SECONDS + 2);
    expect(triggered(second)).toEqual([]);
    expect(await outboxItems()).toBe(1);
    expect((await onDisk()).map((c) => c.key)).toEqual([violation.key]);
    await stopCleanly(second);
  }, 300_000);
});
