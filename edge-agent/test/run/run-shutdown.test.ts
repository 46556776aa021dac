import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, randomPrefix, startCameraSimulator, type CameraSimulator } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendantsOf, spawnAgent, survivors, type AgentProcess } from './agent-process.js';
import { startConsole, type ConsoleProcess } from './console-process.js';
import { agentYaml, anyRedis, parkedCarScene, parkingZone } from './run-fixtures.js';

let dir: string;
let sim: CameraSimulator | undefined;
let redis: { url: string; stop: () => Promise<void> } | undefined;
let consoleProcess: ConsoleProcess | undefined;
const agents: AgentProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-run-shutdown-'));
});

afterAll(async () => {
  for (const agent of agents) await agent.killAll();
  await consoleProcess?.stop();
  await sim?.stop();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

function start(path: string, env: NodeJS.ProcessEnv = {}): AgentProcess {
  // Delivery settings come from the file only, whatever the test runner's environment holds.
  const agent = spawnAgent(path, { WARDWATCH_AGENT_TOKEN: '', REDIS_URL: '', WARDWATCH_CONSOLE_URL: '', ...env });
  agents.push(agent);
  return agent;
}

describe('edge-agent run: start-up checks and graceful shutdown', () => {
  it('refuses a console without token or Redis, naming each missing setting, before any camera starts', async () => {
    const path = join(dir, 'half.yaml');
    await writeFile(path, agentYaml({ agentId: 'run-half', dataDir: join(dir, 'half'), httpPort: await freePort(), console: { url: 'http://127.0.0.1:9' }, cameras: [{ id: 'gate-cam', url: 'rtsp://127.0.0.1:9/none' }] }));
    const agent = start(path);
    expect((await agent.exited).code).toBe(2);
    expect(agent.text()).toMatch(/console\.token: missing.*WARDWATCH_AGENT_TOKEN/);
    expect(agent.text()).toMatch(/redis\.url: missing.*REDIS_URL/);
    expect(agent.logs().some((l) => l.msg === 'agent started')).toBe(false);
  });

  it('SIGTERM while evidence is being cut: exits 0 with the violation in the outbox, which a restart with a console delivers', async () => {
    sim = await startCameraSimulator({ mounts: { lot: await parkedCarScene() } });
    const dataDir = join(dir, 'local');
    const camera = { id: 'gate-cam', url: sim.url('lot'), zones: [parkingZone(6)] };
    const localPath = join(dir, 'local.yaml');
    // A long post-trigger window: the evidence is still waiting for footage when SIGTERM comes.
    await writeFile(localPath, agentYaml({ agentId: 'run-local', dataDir, httpPort: await freePort(), evidence: { preSeconds: 3, postSeconds: 60 }, cameras: [camera] }));
    const local = start(localPath);
    await local.waitForLog('delivery off', (l) => l.event === 'delivery_off');
    await local.waitForLog('the trigger', (l) => l.event === 'violation_triggered', 90_000);
    const children = await descendantsOf(local.pid);
    local.signal('SIGTERM');
    expect(await local.exited).toEqual({ code: 0, signal: null });
    expect(await survivors(children)).toEqual([]);
    const recorded = local.logs().filter((l) => l.event === 'violation_recorded');
    expect(recorded, JSON.stringify(local.logs().slice(-12), null, 1)).toHaveLength(1);
    const violationId = String(recorded[0]!.violationId);
    const itemDir = join(dataDir, 'outbox', 'items', violationId);
    expect((await readdir(itemDir)).sort()).toEqual(expect.arrayContaining(['clip.mp4', 'record.json', 'snapshot.jpg']));

    // Delivery configured later: the restarted agent sends what the outbox kept.
    redis = await anyRedis();
    const prefix = randomPrefix();
    consoleProcess = await startConsole({ redisUrl: redis.url, queuePrefix: prefix, agentId: 'run-local' });
    const deliverPath = join(dir, 'deliver.yaml');
    await writeFile(deliverPath, agentYaml({ agentId: 'run-local', dataDir, httpPort: await freePort(), console: { url: consoleProcess.url }, redis: { url: redis.url, prefix }, cameras: [camera] }));
    const delivering = start(deliverPath, { WARDWATCH_AGENT_TOKEN: consoleProcess.token });
    await delivering.waitForLog('the kept violation published', (l) => l.event === 'violation_published' && l.violationId === violationId, 60_000);
    const deadline = Date.now() + 30_000;
    while (!(await consoleProcess.cases()).some((c) => c.id === violationId)) {
      if (Date.now() > deadline) throw new Error('the kept violation never reached the console');
      await new Promise((r) => setTimeout(r, 500));
    }
    delivering.signal('SIGTERM');
    expect(await delivering.exited).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('a demo camera playing a file: violation times are wall clock and agree with the record segments', async () => {
    const dataDir = join(dir, 'file');
    const path = join(dir, 'file.yaml');
    await writeFile(path, agentYaml({ agentId: 'run-file', dataDir, httpPort: await freePort(), cameras: [{ id: 'file-cam', url: await parkedCarScene(), loop: true, zones: [parkingZone(6)] }] }));
    const startedAt = Date.now();
    const agent = start(path);
    const recorded = await agent.waitForLog('the violation', (l) => l.event === 'violation_recorded', 90_000);
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    const record = JSON.parse(await readFile(join(dataDir, 'outbox', 'items', String(recorded.violationId), 'record.json'), 'utf8')) as {
      draft: { startedAt: string; triggeredAt: string };
      media: { clip: { durationSeconds: number } };
    };
    // Media time would put the stay in 1970; wall time puts it inside this test's run.
    expect(Date.parse(record.draft.startedAt)).toBeGreaterThan(startedAt);
    expect(Date.parse(record.draft.triggeredAt)).toBeLessThan(Date.now());
    // The segments covered the whole window, which they only do when both clocks agree.
    expect(agent.logs().some((l) => l.event === 'evidence_clip_partial' || l.event === 'evidence_clip_missing')).toBe(false);
    expect(record.media.clip.durationSeconds).toBeGreaterThanOrEqual(6);
  }, 120_000);
});
