import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixturePath, startCameraSimulator, type CameraSimulator } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCameraIngest } from '../../src/ingest/create-frame-source.js';
import type { CameraIngest } from '../../src/ingest/camera-ingest.js';
import type { Frame } from '../../src/ingest/frame.js';
import { createIngestMetrics } from '../../src/metrics/ingest-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { camera, memoryLogger, metricValue } from './ingest-support.js';

const run = promisify(execFile);
/** Typed the way installers type it: `#`, `?`, `@` and `%` as they are, nothing escaped. */
const PASSWORD = 'Secr3t#pw?@1%';
const typedUrl = (sim: CameraSimulator): string => `rtsp://installer:${PASSWORD}@${sim.host}:${sim.port}/lot`;
const RUN_MS = 32_000;

interface Received {
  frames: Frame[];
  arrivals: number[];
}

/** Reads a source for `ms`, keeping every frame's arrival time. */
async function consume(source: CameraIngest, ms: number): Promise<Received> {
  const out: Received = { frames: [], arrivals: [] };
  const until = Date.now() + ms;
  for await (const frame of source.frames()) {
    out.frames.push(frame);
    out.arrivals.push(Date.now());
    if (Date.now() > until) break;
  }
  return out;
}

/** Frames per second between the first and last arrival, ignoring the first second of warm-up. */
function measuredFps(arrivals: number[]): number {
  const start = arrivals[0]! + 1_000;
  const steady = arrivals.filter((t) => t >= start);
  return (steady.length - 1) / ((steady.at(-1)! - steady[0]!) / 1_000);
}

describe('camera ingest from a real RTSP camera (lot-drive-through.mp4 on the GStreamer simulator)', () => {
  let sim: CameraSimulator;
  let dataDir: string;
  const registry = createRegistry();
  const log = memoryLogger();
  let cam5: CameraIngest;
  let cam10: CameraIngest;
  const dirSizes: number[] = [];
  let results: [Received, Received];
  const CAP = 1_200_000;

  beforeAll(async () => {
    sim = await startCameraSimulator({ mounts: { lot: fixturePath('lot-drive-through.mp4') }, auth: { user: 'installer', password: PASSWORD } });
    dataDir = await mkdtemp(join(tmpdir(), 'ww-ingest-'));
    const metrics = createIngestMetrics(registry);
    const deps = { dataDir, frameSize: { width: 416, height: 416 }, metrics, logger: log.logger };
    // 15 s of cache, a generous cap: age decides what is kept.
    cam5 = createCameraIngest(camera({ id: 'lot-5fps', detect: { url: typedUrl(sim), fps: 5 }, record: { segmentSeconds: 2, cacheMinutes: 0.25 } }), deps);
    // A tight cap (about three of this clip's 4.8 s segments): the cap decides.
    cam10 = createCameraIngest(camera({ id: 'lot-10fps', detect: { url: typedUrl(sim), fps: 10 }, record: { segmentSeconds: 2, cacheMinutes: 10, cacheMaxBytes: CAP } }), deps);
    const sampler = setInterval(() => dirSizes.push(cam10.segmentCache!.bytes), 200);
    const sizes = setInterval(() => void cam10.segmentCache!.list(), 500);
    results = await Promise.all([consume(cam5, RUN_MS), consume(cam10, RUN_MS)]);
    clearInterval(sampler);
    clearInterval(sizes);
  }, 90_000);

  afterAll(async () => {
    await cam5?.stop();
    await cam10?.stop();
    await sim?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('delivers frames at the configured fps, within 10%', () => {
    const fps5 = measuredFps(results[0].arrivals);
    const fps10 = measuredFps(results[1].arrivals);
    console.log(`measured fps: ${fps5.toFixed(2)} (configured 5), ${fps10.toFixed(2)} (configured 10)`);
    expect(fps5).toBeGreaterThan(4.5);
    expect(fps5).toBeLessThan(5.5);
    expect(fps10).toBeGreaterThan(9);
    expect(fps10).toBeLessThan(11);
    expect(cam5.status()).toMatchObject({ id: 'lot-5fps', state: 'up', restarts: 0 });
    expect(cam5.status().fps).toBeGreaterThan(4.5);
  });

  it('frames are letterboxed by ffmpeg to 416x416 with grey padding, wall-clock stamped, seq from 0', () => {
    const frames = results[0].frames;
    const frame = frames[10]!;
    expect(frame).toMatchObject({ cameraId: 'lot-5fps', width: 416, height: 416, pixelFormat: 'gbrp' });
    expect(frame.letterbox).toEqual({ srcWidth: 768, srcHeight: 432, scale: 416 / 768, contentWidth: 416, contentHeight: 234 });
    expect(frame.data.length).toBe(416 * 416 * 3);
    // Planar: green, blue and red planes of 416x416. In each, row 300 is padding (every byte
    // YOLOX's 114 grey) and row 100 is the parking lot.
    for (let plane = 0; plane < 3; plane++) {
      const row = (y: number): Uint8Array => frame.data.subarray((plane * 416 + y) * 416, (plane * 416 + y + 1) * 416);
      expect(row(300).every((b) => b === 114)).toBe(true);
      expect(new Set(row(100)).size).toBeGreaterThan(10);
    }
    expect(frames.map((f) => f.seq).slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(Math.abs(frame.timestampMs - results[0].arrivals[10]!)).toBeLessThan(50);
  });

  it('the segment cache holds at least the configured minutes and drops what is older', async () => {
    const now = Date.now();
    const segments = await cam5.segmentCache!.list();
    expect(segments.length).toBeGreaterThanOrEqual(3);
    // Covered back to at least 15 s ago...
    expect(segments[0]!.startMs).toBeLessThanOrEqual(now - 15_000);
    // ...and nothing that ended long before that window is left (prune every 2 s, one 4.8 s GOP of slack).
    expect(segments[0]!.endMs).toBeGreaterThan(now - 15_000 - 10_000);
    const span = await cam5.segmentCache!.segmentsBetween(now - 12_000, now - 6_000);
    expect(span.length).toBeGreaterThanOrEqual(1);
    expect(span[0]!.startMs).toBeLessThanOrEqual(now - 12_000 + 1_000);
  });

  it('the segment cache never exceeds its size cap, and its gauge reports the size', async () => {
    expect(dirSizes.length).toBeGreaterThan(100);
    console.log(`segment cache with a ${CAP} byte cap: largest size seen ${Math.max(...dirSizes)}`);
    expect(Math.max(...dirSizes)).toBeLessThanOrEqual(CAP);
    const metrics = await registry.metrics();
    expect(metricValue(metrics, 'wardwatch_segment_cache_bytes', { camera: 'lot-10fps' })).toBeGreaterThan(100_000);
    expect(metricValue(metrics, 'wardwatch_frames_decoded_total', { camera: 'lot-5fps' })).toBeGreaterThanOrEqual(results[0].frames.length);
  });

  it('its segments play with ffprobe', async () => {
    const segments = (await cam5.segmentCache!.list()).slice(0, -1);
    let total = 0;
    for (const segment of segments) {
      const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'csv=p=0', segment.path]);
      // MPEG-TS lists the stream twice (in its program and on its own): the first line is enough.
      const [codec, width, height, frames] = (stdout.trim().split('\n')[0] ?? '').split(',');
      expect([codec, width, height]).toEqual(['h264', '768', '432']);
      // A segment is one or more GOPs (4.8 s, or the 1.4 s tail where the simulator loops the clip).
      expect(Number(frames)).toBeGreaterThanOrEqual(10);
      total += Number(frames);
    }
    // The kept segments hold the 15 s window at the clip's 12.5 fps.
    expect(total).toBeGreaterThanOrEqual(15 * 12.5);
  });

  it('never logs the camera password', () => {
    expect(log.text()).not.toContain(PASSWORD);
    expect(log.text()).not.toContain(encodeURIComponent(PASSWORD));
    expect(log.text()).toContain('camera up');
  });
});
