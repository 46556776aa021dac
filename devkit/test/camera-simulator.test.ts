import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startCameraSimulator, type CameraSimulator } from '../src/camera-sim/camera-simulator.js';
import { simulatorMedia } from '../src/camera-sim/sim-media.js';
import { fixturePath } from '../src/paths.js';

const run = promisify(execFile);

/** ffprobe's view of an RTSP URL, or its error text. */
async function probe(url: string): Promise<{ ok: true; stream: string } | { ok: false; error: string }> {
  try {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', '-timeout', '10000000', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', url]);
    return { ok: true, stream: stdout.trim() };
  } catch (error) {
    return { ok: false, error: (error as { stderr: string }).stderr };
  }
}

/** Decodes `seconds` of the stream and returns the last frame's timestamp. */
async function playFor(url: string, seconds: number): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-rtsp_transport', 'tcp', '-i', url, '-t', String(seconds), '-vf', 'showinfo', '-f', 'null', '-'], { timeout: (seconds + 20) * 1_000 });
  const times = [...stderr.matchAll(/pts_time:([\d.]+)/g)].map((m) => Number(m[1]));
  return Math.max(...times);
}

describe('RTSP camera simulator', () => {
  const started: CameraSimulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sim) => sim.stop()));
  });

  it('serves one mount per clip, transcoding the MPEG-4 .avi once, and answers 404 for an unknown path', async () => {
    const sim = await startCameraSimulator({ mounts: { lot: fixturePath('lot-car-cyclist.mp4'), shoulder: fixturePath('highway-shoulder.avi') } });
    started.push(sim);
    expect(await probe(sim.url('lot'))).toEqual({ ok: true, stream: 'h264,480,270' });
    expect(await probe(sim.url('shoulder'))).toEqual({ ok: true, stream: 'h264,320,240' });
    const missing = await probe(sim.url('nope'));
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error).toMatch(/404 Not Found/);
    // The cached transcode is reused, not redone.
    expect(await simulatorMedia(fixturePath('highway-shoulder.avi'))).toBe(await simulatorMedia(fixturePath('highway-shoulder.avi')));
  });

  it('loops a 3.4 s clip with timestamps that keep counting up', async () => {
    const sim = await startCameraSimulator({ mounts: { lot: fixturePath('lot-car-cyclist.mp4') } });
    started.push(sim);
    // Two full passes and a bit: a simulator that stopped at end of file would end near 3.4 s.
    expect(await playFor(sim.url('lot'), 8)).toBeGreaterThan(7.5);
  });

  it('lets a viewer join a shared stream that has looped, without rewinding or stalling the one watching', async () => {
    const sim = await startCameraSimulator({ mounts: { lot: { file: fixturePath('lot-car-cyclist.mp4'), shared: true } } });
    started.push(sim);
    // The first viewer watches 12 s; the second joins 8 s in, after two loops of the 3.4 s clip,
    // as an agent's restarted ffmpeg joins a camera's live stream.
    const first = playFor(sim.url('lot'), 12);
    await new Promise((r) => setTimeout(r, 8_000));
    const second = await playFor(sim.url('lot'), 3);
    expect(second).toBeGreaterThan(2.5);
    expect(await first).toBeGreaterThan(11.5);
  });

  it('answers 401 without the right password', async () => {
    const sim = await startCameraSimulator({ mounts: { lot: fixturePath('lot-people.mp4') }, auth: { user: 'admin', password: 'p4ss-word' } });
    started.push(sim);
    expect((await probe(sim.url('lot'))).ok).toBe(true);
    const wrong = await probe(sim.url('lot', { user: 'admin', password: 'nope' }));
    expect(!wrong.ok && wrong.error).toMatch(/401 Unauthorized/);
    const anonymous = await probe(sim.url('lot', false));
    expect(!anonymous.ok && anonymous.error).toMatch(/401 Unauthorized/);
  });

  it('can be killed and restarted on the same port', async () => {
    const sim = await startCameraSimulator({ mounts: { lot: fixturePath('lot-people.mp4') } });
    await sim.kill();
    const down = await probe(sim.url('lot'));
    expect(!down.ok && down.error).toMatch(/Connection refused/);
    const again = await sim.restart();
    started.push(again);
    expect(again.port).toBe(sim.port);
    expect((await probe(again.url('lot'))).ok).toBe(true);
  });
});
