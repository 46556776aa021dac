import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeScene, freePort, parkingScene, startCameraSimulator, type CameraSimulator } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnAgent, type AgentProcess, type LogLine } from './agent-process.js';
import { playableClip } from './media-check.js';
import { agentYaml, parkingZone } from './run-fixtures.js';

/*
 * `evidence.audio: true`: the camera's sound goes into the evidence, as AAC whatever the camera
 * sends (G.711 A-law cannot go into the MPEG-TS segments), and a camera without sound still gives
 * its clip. The camera matrix checks the default: no sound at all.
 */
const CAMERAS = [
  { id: 'aac', audio: 'aac' as const },
  { id: 'alaw', audio: 'alaw' as const },
  { id: 'silent', audio: undefined },
];
const EVIDENCE = { preSeconds: 3, postSeconds: 3, audio: true };

let dir: string;
let sim: CameraSimulator;
let agent: AgentProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-run-audio-'));
  const scene = await composeScene(parkingScene({ name: 'run-matrix-car', fps: 25, stop: { x: 300, y: 200 }, arriveAt: 8, staySeconds: 60, tailSeconds: 2 }));
  sim = await startCameraSimulator({
    mounts: Object.fromEntries(CAMERAS.map((c) => [c.id, { file: scene, encoding: { codec: 'h264' as const, fps: 15 }, ...(c.audio ? { audio: c.audio } : {}) }])),
  });
}, 300_000);

afterAll(async () => {
  await agent?.killAll();
  await sim?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('evidence.audio', () => {
  it('keeps the camera sound in each clip as AAC, and a camera without sound still gives its clip', async () => {
    const dataDir = join(dir, 'data');
    const configPath = join(dir, 'agent.yaml');
    const cameras = CAMERAS.map((c) => ({ id: c.id, url: sim.url(c.id), fps: 3, zones: [parkingZone(4)] }));
    await writeFile(configPath, agentYaml({ agentId: 'run-audio', dataDir, httpPort: await freePort(), evidence: EVIDENCE, cameras }));
    agent = spawnAgent(configPath, { WARDWATCH_AGENT_TOKEN: '', REDIS_URL: '', WARDWATCH_CONSOLE_URL: '' });
    const recorded = (l: LogLine) => l.event === 'violation_recorded';
    const cameraOf = (l: LogLine) => String(l.cameraId ?? l.camera);
    await agent.waitForLog('a case from every camera', () => new Set(agent!.logs().filter(recorded).map(cameraOf)).size === CAMERAS.length, 180_000);
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(agent.logs().filter((l) => l.event === 'record_failing').map((l) => `${cameraOf(l)}: ${String(l.msg)}`)).toEqual([]);
    for (const camera of CAMERAS) {
      const found = agent.logs().find((l) => recorded(l) && cameraOf(l) === camera.id)!;
      const clip = await playableClip(join(dataDir, 'outbox', 'items', String(found.violationId), 'clip.mp4'));
      expect({ camera: camera.id, audio: clip.audioCodec, long: clip.durationSeconds >= EVIDENCE.preSeconds + EVIDENCE.postSeconds - 0.2 }).toEqual({ camera: camera.id, audio: camera.audio ? 'aac' : null, long: true });
    }
  }, 300_000);
});
