import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeScene, freePort, parkingScene, startCameraSimulator, type CameraSimulator } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnAgentRun, type AgentProcess } from './agent-process.js';
import { playableClip } from './media-check.js';
import { agentYaml, parkingZone } from './run-fixtures.js';

let dir: string;
let sim: CameraSimulator;
let agent: AgentProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-run-plain-'));
  // The car arrives 8 s in, so the clip's seconds before the stay are recorded too.
  const scene = await composeScene(parkingScene({ name: 'run-plain-car', stop: { x: 300, y: 200 }, arriveAt: 8, staySeconds: 60, tailSeconds: 2 }));
  sim = await startCameraSimulator({ mounts: { lot: scene } });
});

afterAll(async () => {
  await agent?.killAll();
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('edge-agent run from a plain folder', () => {
  it('with the default data dir (./data/agent), cuts clips of the configured length', async () => {
    // What an installer does: a folder with the config in it, `cd site && edge-agent run --config agent.yaml`.
    const site = join(dir, 'site');
    await mkdir(site);
    const evidence = { preSeconds: 3, postSeconds: 3 };
    await writeFile(join(site, 'agent.yaml'), agentYaml({ agentId: 'run-plain', httpPort: await freePort(), evidence, cameras: [{ id: 'gate-cam', url: sim.url('lot'), zones: [parkingZone(4)] }] }));
    agent = spawnAgentRun(['--config', 'agent.yaml'], { WARDWATCH_AGENT_TOKEN: '', REDIS_URL: '', WARDWATCH_CONSOLE_URL: '' }, site);
    const recorded = await agent.waitForLog('the violation recorded', (l) => l.event === 'violation_recorded', 120_000);
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });

    expect(agent.logs().filter((l) => /^evidence_/.test(l.event ?? '')).map((l) => `${l.event}: ${String(l.msg)}`)).toEqual([]);
    const itemDir = join(site, 'data', 'agent', 'outbox', 'items', String(recorded.violationId));
    const record = JSON.parse(await readFile(join(itemDir, 'record.json'), 'utf8')) as { media: { clip?: { durationSeconds: number } } };
    const clip = await playableClip(join(itemDir, 'clip.mp4'));
    // Cut on key frames (one every 2 s at most in the simulator): the window, give or take a GOP.
    expect(clip.durationSeconds).toBeGreaterThanOrEqual(evidence.preSeconds + evidence.postSeconds - 0.5);
    expect(record.media.clip?.durationSeconds).toBeCloseTo(clip.durationSeconds, 0);
  }, 180_000);
});
