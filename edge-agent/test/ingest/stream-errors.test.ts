import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixturePath, freePort, pollUntil, startCameraSimulator, type CameraSimulator } from '@wardwatch/devkit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentConfigSchema } from '../../src/config/agent-config.schema.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { repoRoot } from '../../src/paths.js';
import { memoryLogger, serveCameras } from './ingest-support.js';

const run = promisify(execFile);
const bin = join(repoRoot(), 'node_modules', '.bin', 'edge-agent');
const PASSWORD = 'Pr0be-secret';
const NOT_VIDEO = fixturePath('FIXTURES.md');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(bin, args, { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('bad camera URLs give specific errors, never a crash, never the password', () => {
  let sim: CameraSimulator;
  let closedPort: number;
  let silent: Server;
  let silentPort: number;
  let dataDir: string;
  const url = (path: string, password = PASSWORD) => `rtsp://admin:${password}@127.0.0.1:${sim.port}/${path}`;

  beforeAll(async () => {
    sim = await startCameraSimulator({ mounts: { lot: fixturePath('lot-drive-through.mp4') }, auth: { user: 'admin', password: PASSWORD } });
    closedPort = await freePort();
    // Accepts TCP and never answers: a hung camera.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
    dataDir = await mkdtemp(join(tmpdir(), 'ww-errors-'));
  });

  afterAll(async () => {
    await sim?.stop();
    silent?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('probe prints codec, size, fps, audio and time to first frame for a good camera', async () => {
    const result = await cli(['probe', url('lot')]);
    expect(result.code).toBe(0);
    const probe = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(probe).toMatchObject({ codec: 'h264', width: 768, height: 432, fps: 12.5, hasAudio: false, url: `rtsp://admin:***@127.0.0.1:${sim.port}/lot` });
    expect(probe.timeToFirstFrameMs).toBeGreaterThan(0);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it.each([
    ['a wrong path', () => url('no-such-stream'), /404 stream not found/],
    ['a wrong password', () => url('lot', 'Wrong-pass'), /401 Unauthorized/],
    ['a closed port', () => `rtsp://admin:${PASSWORD}@127.0.0.1:${closedPort}/lot`, /connection refused/],
    ['a file that is not a video', () => NOT_VIDEO, /not a video/],
  ])('probe names the problem for %s and exits 1', async (_name, target, reason) => {
    const result = await cli(['probe', target()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(reason);
    expect(result.stdout + result.stderr).not.toMatch(/Pr0be-secret|Wrong-pass/);
  });

  it('probe and snapshot time out on a camera that never answers instead of hanging', async () => {
    const started = Date.now();
    const result = await cli(['snapshot', `rtsp://127.0.0.1:${silentPort}/x`, '-o', join(dataDir, 'never.jpg'), '--timeout', '3']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/timeout/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('snapshot saves one full-size JPEG frame', async () => {
    const out = join(dataDir, 'gate.jpg');
    const result = await cli(['snapshot', url('lot'), '-o', out]);
    expect(result.code).toBe(0);
    expect(await sharp(out).metadata()).toMatchObject({ format: 'jpeg', width: 768, height: 432 });
  });

  it('/status shows each camera down with its specific last error, and nothing carries the password', async () => {
    const watchdog = { noFrameSeconds: 5, backoffInitialSeconds: 0.5, backoffMaxSeconds: 2 };
    const config = agentConfigSchema.parse({
      agent: { id: 'agent-errors', ward: 'phuc-xa', dataDir, httpPort: 0 },
      cameras: [
        { id: 'wrong-path', name: 'Wrong path', detect: { url: url('no-such-stream'), fps: 5 }, watchdog },
        { id: 'wrong-password', name: 'Wrong password', detect: { url: url('lot', 'Wrong-pass'), fps: 5 }, watchdog },
        { id: 'closed-port', name: 'Closed port', detect: { url: `rtsp://admin:${PASSWORD}@127.0.0.1:${closedPort}/lot`, fps: 5 }, watchdog },
        { id: 'not-video', name: 'Not a video', detect: { url: NOT_VIDEO, fps: 5, loop: true }, watchdog },
        { id: 'silent', name: 'Silent', detect: { url: `rtsp://admin:${PASSWORD}@127.0.0.1:${silentPort}/x`, fps: 5 }, watchdog },
      ],
    });
    const log = memoryLogger();
    const registry = createRegistry();
    const agent = await serveCameras(config, { registry, logger: log.logger });
    try {
      const base = agent.url;
      const status = await pollUntil(
        'every camera down with an error',
        async () => {
          const body = (await (await fetch(`${base}/status`)).json()) as { cameras: { id: string; state: string; lastError?: string }[] };
          return body.cameras.every((c) => c.state === 'down' && c.lastError) ? body : undefined;
        },
        { timeoutMs: 40_000, intervalMs: 250 },
      );
      const errors = Object.fromEntries(status.cameras.map((c) => [c.id, c.lastError]));
      console.log(errors);
      expect(errors['wrong-path']).toMatch(/404 stream not found/);
      expect(errors['wrong-password']).toMatch(/401 Unauthorized/);
      expect(errors['closed-port']).toMatch(/connection refused/);
      expect(errors['not-video']).toMatch(/not a video/);
      expect(errors.silent).toMatch(/timeout/);
      const everything = [JSON.stringify(status), await (await fetch(`${base}/metrics`)).text(), log.text()].join('\n');
      expect(everything).not.toMatch(/Pr0be-secret|Wrong-pass/);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await agent.stop();
    }
  });
});
