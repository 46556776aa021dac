import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, freePort, startCameraSimulator, type CameraSimulator } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLine, descendantsOf, spawnAgent, survivors, type AgentProcess } from './agent-process.js';
import { agentYaml } from './run-fixtures.js';

let dir: string;
let sim: CameraSimulator;
let agent: AgentProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-run-crash-'));
  sim = await startCameraSimulator({ mounts: { lot: fixturePath('lot-people.mp4') } });
});

afterAll(async () => {
  await agent?.killAll();
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('an agent killed without warning', () => {
  it('takes its detect and record ffmpegs with it: no orphan keeps a camera session or records on', async () => {
    const configPath = join(dir, 'agent.yaml');
    await writeFile(configPath, agentYaml({ agentId: 'run-crash', dataDir: join(dir, 'data'), httpPort: await freePort(), cameras: [{ id: 'lot-cam', url: sim.url('lot') }] }));
    agent = spawnAgent(configPath, { WARDWATCH_AGENT_TOKEN: '', REDIS_URL: '', WARDWATCH_CONSOLE_URL: '' });
    await agent.waitForLog('the camera up', (l) => l.msg === 'camera up', 60_000);
    await agent.waitForLog('the recording up', (l) => l.event === 'record_up', 60_000);
    const ffmpegs: number[] = [];
    for (const pid of await descendantsOf(agent.pid)) if ((await commandLine(pid)).startsWith('ffmpeg')) ffmpegs.push(pid);
    expect(ffmpegs).toHaveLength(2);
    // SIGKILL to the agent alone (an OOM kill, a crash): nothing of it can stop its children.
    process.kill(agent.pid, 'SIGKILL');
    await agent.exited;
    expect(await survivors(ffmpegs, 15_000)).toEqual([]);
  }, 120_000);
});
