import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixturePath, freePort, pollUntil, startCameraSimulator, startOnvifSimulator, type CameraSimulator } from '@wardwatch/devkit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../../src/console-link/console-client.js';
import { enrol } from '../../src/console-link/enrolment.js';
import { probeCamera } from '../../src/console-link/probe-camera.js';
import { ProbeRunner } from '../../src/console-link/probe-runner.js';
import { parseSyncAnswer } from '../../src/console-link/sync-answer.js';
import { memoryLogger } from '../ingest/ingest-support.js';
import { startTestConsole, type TestConsole } from './test-console.js';

/** Typed as installers type it: `#`, `?` and `@` unescaped (the console passes it on so). */
const PASSWORD = 'Probe#Pass?91@x';
const AGENT = 'agent-probe-01';
let sim: CameraSimulator;
let console: TestConsole;
let client: ConsoleClient;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-probe-'));
  sim = await startCameraSimulator({ mounts: { lot: fixturePath('lot-drive-through.mp4') }, auth: { user: 'admin', password: PASSWORD } });
  console = await startTestConsole();
  const enrolment = await enrol({ consoleUrl: console.url, enrolmentToken: console.enrolmentToken(AGENT, 'hoan-kiem'), dataDir: dir });
  client = new ConsoleClient({ url: console.url, token: enrolment.token });
});

afterAll(async () => {
  await sim?.stop();
  await console?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** One sync, as the agent's loop does it, handing the probes and searches to the runner. */
async function syncOnce(runner: ProbeRunner): Promise<void> {
  const answer = parseSyncAnswer(await client.sync(0, 'v0'));
  if (!answer.ok) throw new Error(answer.errors.join('; '));
  runner.submit(answer.value.probes, answer.value.discoveries);
}

describe('camera probes asked for by the console', () => {
  it('probes a real RTSP camera and sends its stream facts, then a full-size JPEG that decodes', async () => {
    const log = memoryLogger();
    const runner = new ProbeRunner({ client, logger: log.logger });
    const id = console.requestProbe(AGENT, `rtsp://admin:${PASSWORD}@${sim.host}:${sim.port}/lot`);
    await syncOnce(runner);
    // The console lists the probe until its result lands: a second sync must not run it again.
    await syncOnce(runner);
    await runner.idle();
    expect(console.probeResults.get(id)).toEqual({ ok: true, codec: 'h264', width: 768, height: 432, fps: 12.5, snapshot: true });
    const snapshot = console.snapshots.get(id);
    expect(snapshot?.contentType).toBe('image/jpeg');
    const meta = await sharp(snapshot!.bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 768, height: 432 });
    expect(log.lines().filter((l) => l.event === 'probe_started')).toHaveLength(1);
    expect(log.text()).not.toContain(PASSWORD);
    expect(log.text()).not.toContain(encodeURIComponent(PASSWORD));
    expect(console.violations).toEqual([]);
  });

  it.each([
    ['a wrong path', () => sim.url('no-such-stream'), /^404 stream not found/],
    ['a wrong password', () => sim.url('lot', { user: 'admin', password: 'Wrong-Pass-3' }), /^401 Unauthorized/],
    ['a closed port', async () => `rtsp://admin:${PASSWORD}@127.0.0.1:${await freePort()}/lot`, /^connection refused/],
  ])('sends a specific reason without credentials for %s, and no snapshot', async (_name, target, reason) => {
    const log = memoryLogger();
    const runner = new ProbeRunner({ client, logger: log.logger });
    const id = console.requestProbe(AGENT, await target());
    await syncOnce(runner);
    await runner.idle();
    const result = console.probeResults.get(id);
    expect(result?.ok).toBe(false);
    const error = result && !result.ok ? result.error : '';
    expect(error).toMatch(reason);
    expect(error).not.toMatch(/Probe-Pass-91|Wrong-Pass-3/);
    expect(console.snapshots.has(id)).toBe(false);
    expect(log.text()).not.toMatch(/Probe-Pass-91|Wrong-Pass-3/);
  });

  it('refuses, without running ffmpeg, an address no camera config could hold (concat:, subfile:, pipe:, unix:, unknown schemes) or a file outside the folders the agent opens to its console, and still probes a file inside one', async () => {
    const log = memoryLogger();
    const ran: string[] = [];
    const runner = new ProbeRunner({
      client,
      logger: log.logger,
      fileInputs: [dirname(fixturePath('lot-drive-through.mp4'))],
      probe: (task) => {
        ran.push(task.url);
        return probeCamera(task);
      },
    });
    const refused = [
      'concat:/etc/passwd|/etc/hostname',
      'subfile:,,start,0,end,0,,:/etc/shadow',
      'pipe:0',
      `unix:/var/run/admin:${PASSWORD}.sock`,
      `gopher://admin:${PASSWORD}@127.0.0.1/lot`,
      'file:/etc/passwd',
      // Files outside the folders the agent opens to its console.
      '/etc/hostname',
      'file:///etc/hostname',
    ];
    const refusedIds = refused.map((url) => console.requestProbe(AGENT, url));
    const fileId = console.requestProbe(AGENT, fixturePath('lot-drive-through.mp4'));
    await syncOnce(runner);
    await runner.idle();
    expect(ran).toEqual([fixturePath('lot-drive-through.mp4')]);
    for (const [i, id] of refusedIds.entries()) {
      const why = i < 6 ? 'must be an rtsp://, rtsps://, http(s):// or file:// URL, or a file path' : `a file outside the folders this agent opens to the console (console.fileInputs: ${dirname(fixturePath('lot-drive-through.mp4'))})`;
      expect(console.probeResults.get(id)).toEqual({ ok: false, error: `not a camera address this agent probes: ${why}` });
      expect(console.snapshots.has(id)).toBe(false);
    }
    expect(console.probeResults.get(fileId)).toMatchObject({ ok: true, width: 768, height: 432, snapshot: true });
    expect(log.lines().filter((l) => l.event === 'probe_failed')).toHaveLength(refused.length);
    expect(log.lines().filter((l) => l.event === 'probe_started')).toHaveLength(1);
    expect(log.text()).not.toContain(PASSWORD);
    expect(console.violations).toEqual([]);
  });

  it('finds an ONVIF camera for "Find cameras", lists its streams with the login, and names a refused login per camera', async () => {
    const login = { user: 'admin', password: PASSWORD };
    const onvif = await startOnvifSimulator({
      name: 'Bãi xe',
      hardware: 'SimCam IPC-2000',
      login,
      profiles: [
        { token: 'main', name: 'mainStream', codec: 'H265', width: 1920, height: 1080, fps: 25, rtspUrl: `rtsp://${sim.host}:${sim.port}/lot` },
        { token: 'sub', name: 'subStream', codec: 'H264', width: 640, height: 360, fps: 10, rtspUrl: `rtsp://${sim.host}:${sim.port}/lot` },
      ],
    });
    try {
      const log = memoryLogger();
      const runner = new ProbeRunner({ client, logger: log.logger });
      const target = `127.0.0.1:${onvif.discoveryPort}`;
      const found = console.requestDiscovery(AGENT, { targets: [target], login });
      const refused = console.requestDiscovery(AGENT, { targets: [target], login: { user: 'admin', password: 'wrong' } });
      await syncOnce(runner);
      await syncOnce(runner);
      await runner.idle();
      expect(console.discoveryResults.get(found)).toEqual({
        ok: true,
        cameras: [{
          endpoint: onvif.endpoint, address: '127.0.0.1', deviceUrl: onvif.deviceUrl, name: 'Bãi xe', hardware: 'SimCam IPC-2000',
          profiles: [
            { token: 'main', name: 'mainStream', codec: 'H265', width: 1920, height: 1080, fps: 25, rtspUrl: `rtsp://${sim.host}:${sim.port}/lot` },
            { token: 'sub', name: 'subStream', codec: 'H264', width: 640, height: 360, fps: 10, rtspUrl: `rtsp://${sim.host}:${sim.port}/lot` },
          ],
          suggested: { detect: 'sub', record: 'main' },
        }],
      });
      expect(console.discoveryResults.get(refused)).toEqual({ ok: true, cameras: [expect.objectContaining({ endpoint: onvif.endpoint, problem: 'the camera rejected the user name or password' })] });
      expect(log.lines().filter((l) => l.event === 'discovery_started')).toHaveLength(2);
      expect(log.text()).not.toContain(PASSWORD);
      expect(console.violations).toEqual([]);
    } finally {
      await onvif.stop();
    }
  });

  it('runs at most two probes at a time and each id once', async () => {
    let running = 0;
    let most = 0;
    const ran: string[] = [];
    const runner = new ProbeRunner({
      client,
      logger: memoryLogger().logger,
      probe: async (task) => {
        ran.push(task.id);
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 200));
        running--;
        return { result: { ok: false, error: 'timeout: the camera did not answer in time' } };
      },
    });
    const ids = [1, 2, 3, 4, 5].map(() => console.requestProbe(AGENT, 'rtsp://10.255.255.1/none'));
    await syncOnce(runner);
    await syncOnce(runner);
    await runner.idle();
    await pollUntil('every result', () => (ids.every((id) => console.probeResults.has(id)) ? true : undefined));
    expect(most).toBe(2);
    expect(ran.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
  });
});
