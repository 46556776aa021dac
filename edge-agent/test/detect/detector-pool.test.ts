import { Registry } from 'prom-client';
import { Worker } from 'node:worker_threads';
import { pollUntil } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetectorPool } from '../../src/detect/detector-pool.js';
import { defaultDetectionSettings, type Detector } from '../../src/detect/detector.js';
import type { FrameDetections } from '../../src/detect/detection.js';
import { createWorker } from '../../src/detect/worker-client.js';
import { createOnnxDetector } from '../../src/detect/onnx-detector.js';
import type { Frame } from '../../src/ingest/frame.js';
import { FrameBuffers } from '../../src/ingest/frame-buffers.js';
import { createDetectMetrics } from '../../src/metrics/detect-metrics.js';
import { loadModelManifest, type ModelManifest } from '../../src/models/model-manifest.js';
import { decodeFixture, modelPath } from './fixture-frames.js';

let manifest: ModelManifest;
let clip: Frame[];

beforeAll(async () => {
  manifest = await loadModelManifest('yolox_nano');
  clip = await decodeFixture('lot-car-cyclist.mp4', { fps: 5, maxFrames: 12 });
});

const copy = (frame: Frame, cameraId: string, seq = frame.seq, timestampMs = frame.timestampMs): Frame => ({ ...frame, cameraId, seq, timestampMs, data: frame.data.slice() });
const gateOff = { motion: { enabled: false, threshold: 0.002, forceDetectSeconds: 2 } };

async function startPool(extra: Partial<Parameters<typeof DetectorPool.start>[0]> = {}): Promise<DetectorPool> {
  return DetectorPool.start({ manifest, modelPath: modelPath(), settings: defaultDetectionSettings, workers: 2, ...extra });
}

function collect(pool: DetectorPool): FrameDetections[] {
  const out: FrameDetections[] = [];
  pool.subscribe((r) => out.push(r));
  return out;
}

describe('DetectorPool', () => {
  let single: Detector;
  beforeAll(async () => {
    single = await createOnnxDetector({ manifest, modelPath: modelPath(), settings: defaultDetectionSettings });
  });
  afterAll(async () => {
    await single.close();
  });

  it('when cameras keep pace, every frame comes back once, in each camera\'s order, equal to an in-process detector', async () => {
    const pool = await startPool();
    const results = collect(pool);
    const cameras = ['cam-a', 'cam-b', 'cam-c'];
    for (const c of cameras) pool.addCamera(c, gateOff);
    for (const frame of clip) {
      for (const c of cameras) pool.submit(copy(frame, c));
      await pool.idle();
    }
    await pool.close();
    for (const c of cameras) {
      const mine = results.filter((r) => r.cameraId === c);
      expect(mine.map((r) => r.seq)).toEqual(clip.map((f) => f.seq));
      expect(mine.every((r) => r.inferred)).toBe(true);
    }
    const expected = await single.detect(clip[5]!);
    const got = results.find((r) => r.cameraId === 'cam-b' && r.seq === 5)!;
    expect(got.detections).toEqual(expected.detections);
  });

  it('a camera that floods the pool keeps only its two newest frames: older ones are dropped and counted, order holds', async () => {
    const registry = new Registry();
    const pool = await startPool({ metrics: createDetectMetrics(registry) });
    const results = collect(pool);
    pool.addCamera('flood', gateOff);
    const depths: number[] = [];
    for (let seq = 0; seq < 40; seq++) {
      pool.submit(copy(clip[seq % clip.length]!, 'flood', seq, seq * 200));
      depths.push(pool.queueDepth);
    }
    await pool.idle();
    await pool.close();
    const seqs = results.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs.at(-1)).toBe(39);
    expect(Math.max(...depths)).toBe(2);
    const stats = pool.stats('flood')!;
    expect(stats.inferred + stats.dropped).toBe(40);
    expect(stats.dropped).toBeGreaterThan(30);
    const dropped = await registry.getSingleMetric('wardwatch_detector_dropped_frames_total')!.get();
    expect(dropped.values[0]!.value).toBe(stats.dropped);
  });

  it('serves a quiet camera between the frames of a flooding one (round-robin, no starvation)', async () => {
    const pool = await startPool();
    const results = collect(pool);
    pool.addCamera('busy', gateOff);
    pool.addCamera('quiet', gateOff);
    for (let seq = 0; seq < 30; seq++) pool.submit(copy(clip[0]!, 'busy', seq, seq * 10));
    pool.submit(copy(clip[1]!, 'quiet', 0, 0));
    for (let seq = 30; seq < 60; seq++) pool.submit(copy(clip[0]!, 'busy', seq, seq * 10));
    await pool.idle();
    await pool.close();
    const order = results.map((r) => r.cameraId);
    expect(order.filter((c) => c === 'quiet')).toHaveLength(1);
    // The two workers took busy 0-3 (one running, one queued each); the rotation then serves one
    // more frame of busy (the older of its two waiting ones) and quiet: quiet's result comes out
    // at most after that frame and the other worker's next, however many frames busy submitted;
    // busy has at most its two newest left.
    expect(order.indexOf('quiet')).toBeLessThanOrEqual(6);
    expect(order.filter((c) => c === 'busy').length).toBeLessThanOrEqual(8);
  });

  it('hands the frame buffer to the worker without copying it', async () => {
    const pool = await startPool({ workers: 1 });
    const frame = copy(clip[0]!, 'transfer');
    pool.submit(frame);
    expect(frame.data.byteLength).toBe(0);
    await pool.idle();
    await pool.close();
  });

  it('gets every frame buffer back for reuse: inferred ones from the worker, gated and dropped ones at once', async () => {
    const buffers = new FrameBuffers();
    const pool = await startPool({ workers: 1, buffers });
    const sent: ArrayBuffer[] = [];
    pool.addCamera('gated', { motion: { enabled: true, threshold: 0.002, forceDetectSeconds: 60 } });
    for (let seq = 0; seq < 6; seq++) {
      const frame = copy(clip[seq % clip.length]!, 'flood', seq, seq * 200);
      const still = copy(clip[0]!, 'gated', seq, seq * 200);
      sent.push(frame.data.buffer as ArrayBuffer, still.data.buffer as ArrayBuffer);
      pool.submit(frame);
      pool.submit(still);
    }
    await pool.idle();
    await pool.close();
    // 6 flooding frames (inferred or dropped) and 6 still ones (1 inferred, 5 gated): all 12 come back.
    expect(buffers.parked).toBe(12);
    const reused = Array.from({ length: 12 }, () => buffers.take(clip[0]!.data.byteLength));
    expect(reused.every((b) => b.byteLength === clip[0]!.data.byteLength)).toBe(true);
    expect(buffers.parked).toBe(0);
  });

  it('with keepPixels, hands each frame\'s own pixels back with its result, inferred or gated, and keeps none for reuse', async () => {
    const buffers = new FrameBuffers();
    const pool = await startPool({ workers: 1, buffers });
    const results = collect(pool);
    pool.addCamera('kept', { motion: { enabled: true, threshold: 0.002, forceDetectSeconds: 60 } });
    // A still picture: the first frame is inferred, the rest gated; each carries a mark of its own.
    const frames = Array.from({ length: 4 }, (_v, seq) => copy(clip[0]!, 'kept', seq, seq * 200));
    frames.forEach((frame, seq) => (frame.data[frame.data.length - 1] = seq));
    const expected = frames.map((frame) => frame.data.slice());
    for (const frame of frames) pool.submit(frame, { keepPixels: true });
    await pool.idle();
    await pool.close();
    expect(results.map((r) => [r.seq, r.inferred])).toEqual([[0, true], [1, false], [2, false], [3, false]]);
    results.forEach((r, seq) => expect(Buffer.from(r.pixels!).equals(Buffer.from(expected[seq]!))).toBe(true));
    expect(buffers.parked).toBe(0);
  });

  it('with keepPixels, reuses the pixels of a frame whose camera was removed while the worker had it', async () => {
    const buffers = new FrameBuffers();
    const pool = await startPool({ workers: 1, buffers });
    const results = collect(pool);
    pool.addCamera('leaving', gateOff);
    pool.submit(copy(clip[0]!, 'leaving'), { keepPixels: true });
    pool.removeCamera('leaving');
    await pool.idle();
    await pool.close();
    expect(results).toEqual([]);
    expect(buffers.parked).toBe(1);
  });

  it('with the gate on, a still picture is inferred once plus forced re-checks, and gated frames reuse its detections', async () => {
    const registry = new Registry();
    const pool = await startPool({ metrics: createDetectMetrics(registry) });
    const results = collect(pool);
    // Phase 0: forced detections a whole period after the first frame (the pool would otherwise
    // give this camera a phase of its own, from its id).
    pool.addCamera('still', { motion: { enabled: true, threshold: 0.002, forceDetectSeconds: 2, phase: 0 } });
    for (let seq = 0; seq < 25; seq++) {
      pool.submit(copy(clip[3]!, 'still', seq, seq * 200));
      await pool.idle();
    }
    await pool.close();
    expect(results.map((r) => r.seq)).toEqual([...Array(25).keys()]);
    // Frames at 0, 2, 4 s are inferred (first + forced every 2 s), the other 22 reuse.
    expect(results.filter((r) => r.inferred).map((r) => r.timestampMs)).toEqual([0, 2000, 4000]);
    for (const r of results) expect(r.detections).toEqual(results[0]!.detections);
    expect(results[0]!.detections.length).toBeGreaterThan(0);
    const text = await registry.metrics();
    expect(text).toContain('wardwatch_frames_gated_total{camera="still"} 22');
    expect(text).toContain('wardwatch_frames_inferred_total{camera="still"} 3');
    expect(text).toContain('wardwatch_inference_seconds_count 3');
    expect(text).toMatch(/wardwatch_detection_fps\{camera="still"\} \d/);
    expect(text).toContain('wardwatch_detector_queue_depth 0');
  });

  it('gives cameras started together forced detections at phases of their own, the same for a camera each time', async () => {
    const forcedAt = async (cameras: string[]): Promise<number[]> => {
      const pool = await startPool();
      const results = collect(pool);
      for (const id of cameras) pool.addCamera(id, { motion: { enabled: true, threshold: 0.002, forceDetectSeconds: 2 } });
      for (let seq = 0; seq < 11; seq++) {
        for (const id of cameras) pool.submit(copy(clip[3]!, id, seq, seq * 200));
        await pool.idle();
      }
      await pool.close();
      // The first forced detection of each camera: its first inferred frame after the first.
      return cameras.map((id) => results.find((r) => r.cameraId === id && r.inferred && r.timestampMs > 0)!.timestampMs);
    };
    const cameras = ['cong-cho', 'via-he-1', 'nga-tu'];
    const first = await forcedAt(cameras);
    expect(new Set(first).size).toBe(cameras.length);
    for (const at of first) expect(at).toBeLessThanOrEqual(2_000);
    expect(await forcedAt(cameras)).toEqual(first);
  });
});

describe('DetectorPool when a worker fails', () => {
  const fake =
    (mode: 'stuck' | 'crash' | 'init-fail' | 'init-hang' | 'native-hang', seconds = 0) =>
    () =>
      new Worker(new URL('./fake-detect-worker.mjs', import.meta.url), { workerData: { mode, seconds } });
  /** Workers made in this order, then real ones. */
  const workersInOrder = (...makers: (() => Worker)[]) => () => (makers.shift() ?? createWorker)();
  /** Worker threads answer within milliseconds: checked often. */
  const often = { timeoutMs: 20_000, intervalMs: 20 };

  it('a frame stuck in a worker fails after the timeout, the worker is replaced, and the next frame is detected', async () => {
    const errors: string[] = [];
    const pool = await startPool({ workers: 1, inferenceTimeoutMs: 300, createWorker: workersInOrder(fake('stuck')), onError: (e) => errors.push(e.message) });
    const out = collect(pool);
    try {
      pool.addCamera('cam', gateOff);
      pool.submit(copy(clip[0]!, 'cam', 0));
      await pollUntil('the stuck frame counted as failed', () => pool.stats('cam')!.failed === 1, often);
      expect(errors.join('\n')).toMatch(/no result within 0 s|no result within 1 s/);
      pool.submit(copy(clip[0]!, 'cam', 1));
      await pollUntil('a result for the next frame', () => out.length > 0, often);
      expect(out.map((r) => [r.seq, r.inferred])).toEqual([[1, true]]);
      expect(pool.stats('cam')).toMatchObject({ failed: 1, inferred: 1 });
    } finally {
      await pool.close();
    }
  });

  it('a worker that dies is restarted, and a restart that fails or hangs is retried until one starts', async () => {
    const errors: string[] = [];
    const pool = await startPool({
      workers: 1,
      restartBackoff: { initialMs: 20, maxMs: 40, jitter: 0 },
      initTimeoutMs: 5_000,
      createWorker: workersInOrder(fake('crash'), fake('init-fail'), fake('init-hang')),
      onError: (e) => errors.push(e.message),
    });
    const out = collect(pool);
    try {
      pool.addCamera('cam', gateOff);
      pool.submit(copy(clip[0]!, 'cam', 0));
      await pollUntil('the worker death and two failed restarts', () => errors.some((e) => /died/.test(e)) && errors.filter((e) => /could not be restarted/.test(e)).length === 2, often);
      expect(errors.find((e) => /could not be restarted/.test(e))).toMatch(/cannot load the model just now\); trying again in 0\.0 s/);
      // A load that never answers is given up after the init timeout and retried too.
      expect(errors.filter((e) => /could not be restarted/.test(e))[1]).toMatch(/did not load the model within 5 s/);
      pool.submit(copy(clip[0]!, 'cam', 1));
      await pollUntil('a result for frame 1 from the restarted worker', () => out.some((r) => r.seq === 1), often);
      expect(out.find((r) => r.seq === 1)?.inferred).toBe(true);
      expect(pool.stats('cam')).toMatchObject({ failed: 1, inferred: 1 });
    } finally {
      await pool.close();
    }
  });

  it('counts threads stuck in a native call after being stopped, and reaching the cap is fatal so the agent restarts', async () => {
    const errors: string[] = [];
    const fatal: string[] = [];
    const pool = await startPool({
      workers: 1,
      inferenceTimeoutMs: 200,
      stuckAfterMs: 200,
      maxStuckThreads: 2,
      createWorker: workersInOrder(fake('native-hang', 3), fake('native-hang', 3)),
      onError: (e) => errors.push(e.message),
      onFatal: (e) => fatal.push(e.message),
    });
    try {
      pool.addCamera('cam', gateOff);
      pool.submit(copy(clip[0]!, 'cam', 0));
      await pollUntil('one stuck thread', () => pool.stuckThreads === 1, often);
      expect(errors.join('\n')).toMatch(/1 detector thread is stuck inside onnxruntime after being stopped \(at 2 the agent restarts\)/);
      expect(fatal).toEqual([]);
      // The replacement hangs the same way: two stuck threads at once is fatal, and said once.
      pool.submit(copy(clip[0]!, 'cam', 1));
      await pollUntil('the fatal error', () => fatal.length === 1, often);
      expect(fatal[0]).toMatch(/2 detector threads are stuck inside onnxruntime and cannot be stopped from within the process/);
      expect(pool.stats('cam')).toMatchObject({ failed: 2 });
      // Once the native calls return, the threads end and no longer count.
      await pollUntil('the stuck threads to end', () => pool.stuckThreads === 0, often);
      expect(fatal).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });
});
