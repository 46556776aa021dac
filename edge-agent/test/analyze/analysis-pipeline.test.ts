import { createHash } from 'node:crypto';
import { composeScene, fixturePath, parkingScene } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentConfigSchema, type AgentConfig, type CameraConfig } from '../../src/config/index.js';
import { createDetectorPool } from '../../src/detect/create-detector.js';
import type { DetectorPool } from '../../src/detect/detector-pool.js';
import { createFileFrameSource } from '../../src/ingest/create-frame-source.js';
import { mapFrames, type Frame, type FrameSource } from '../../src/ingest/frame.js';
import { AnalysisPipeline, type EventContext } from '../../src/pipeline/analysis-pipeline.js';
import type { ViolationEvent } from '../../src/rules/violation-event.js';

/*
 * The pipeline in-process with the real pool, real ffmpeg sources and the real model: several
 * cameras share the detector, every frame of a file is analysed in 'complete' mode, and 'live'
 * mode stops on the abort signal.
 */

const SIZE = { width: 416, height: 416 };

function config(cameras: { id: string; fps: number; motion?: boolean; zones: unknown[] }[]): AgentConfig {
  return agentConfigSchema.parse({
    agent: { id: 'pipeline-test', ward: 'hoan-kiem' },
    detector: { workers: 2 },
    cameras: cameras.map((c) => ({ id: c.id, name: c.id, detect: { url: 'placeholder.mp4', fps: c.fps }, motion: { enabled: c.motion ?? true }, zones: c.zones })),
  });
}

const bayZone = { id: 'bay', polygon: [[0.35, 0.35], [0.8, 0.35], [0.8, 0.9], [0.35, 0.9]], rules: [{ type: 'illegal_parking', graceSeconds: 6 }] };
const walkway = { id: 'walkway', polygon: [[0.1, 0.35], [0.72, 0.35], [0.72, 1], [0.1, 1]], rules: [{ type: 'littering', graceSeconds: 5 }] };

const source = (camera: CameraConfig, path: string, extra: Partial<Parameters<typeof createFileFrameSource>[0]> = {}) =>
  createFileFrameSource({ path, fps: camera.detect.fps, frameSize: SIZE, cameraId: camera.id, ...extra });

describe('AnalysisPipeline', () => {
  let parkedClip: string;
  const cfg = config([
    { id: 'lot', fps: 5, zones: [bayZone] },
    { id: 'walk', fps: 5, motion: false, zones: [walkway] },
  ]);
  const [lot, walk] = cfg.cameras as [CameraConfig, CameraConfig];
  let pool: DetectorPool;

  beforeAll(async () => {
    parkedClip = await composeScene(parkingScene({ name: 'pipeline-park', stop: { x: 330, y: 200 }, arriveAt: 1, staySeconds: 12, tailSeconds: 1 }));
    pool = await createDetectorPool(cfg);
  });
  afterAll(async () => {
    await pool.close();
  });

  it("'complete' mode analyses every frame of two files sharing the pool, in order, with no drops", async () => {
    const seen = new Map<string, number[]>();
    const events: { event: ViolationEvent; context: EventContext }[] = [];
    const pipeline = new AnalysisPipeline({
      pool,
      mode: 'complete',
      keepTriggerFrames: true,
      onEvent: (event, context) => events.push({ event, context }),
      onStep: (camera, detections) => seen.set(camera.id, [...(seen.get(camera.id) ?? []), detections.seq]),
    });
    const signal = new AbortController().signal;
    const lotSource = source(lot, parkedClip);
    const walkSource = source(walk, fixturePath('sidewalk-bag-left.avi'));
    // What each frame held when it was read, before the pool took its pixels.
    const readPixels = new Map<string, string>();
    const digest = (data: Uint8Array): string => createHash('sha1').update(data).digest('hex');
    const noted = (inner: FrameSource) =>
      mapFrames(inner, (frames) => ({
        next: async () => {
          const next = await frames.next();
          if (next.done !== true) readPixels.set(`${next.value.cameraId}:${next.value.seq}`, digest(next.value.data));
          return next;
        },
      }));
    try {
      await Promise.all([pipeline.run(lot, noted(lotSource), signal), pipeline.run(walk, noted(walkSource), signal)]);
    } finally {
      pipeline.close();
      await Promise.all([lotSource.stop(), walkSource.stop()]);
    }
    // 20 s of scene and 39 s of clip at 5 fps.
    for (const [camera, frames] of [['lot', 100], ['walk', 195]] as const) {
      const seqs = seen.get(camera) ?? [];
      expect(Math.abs(seqs.length - frames), camera).toBeLessThanOrEqual(2);
      expect(seqs, camera).toEqual(seqs.map((_, i) => i));
      expect(pool.stats(camera)).toMatchObject({ dropped: 0, failed: 0, submitted: seqs.length });
    }
    expect(pool.stats('walk')?.gated).toBe(0);
    expect(pool.stats('lot')?.gated).toBeGreaterThan(0);

    const triggered = events.filter((e) => e.event.phase === 'triggered');
    expect(triggered.map((e) => [e.event.cameraId, e.event.rule, e.context.zone.id])).toEqual(
      expect.arrayContaining([
        ['lot', 'illegal_parking', 'bay'],
        ['walk', 'littering', 'walkway'],
      ]),
    );
    expect(triggered).toHaveLength(2);
    for (const { event, context } of triggered) {
      expect(context.camera.id).toBe(event.cameraId);
      const frame = context.frame as Frame;
      // The frame the trigger was decided on, with all its pixels, as they were read: handed back
      // by the pool (from the worker or held while gated), not reused for a later frame.
      expect(frame.cameraId).toBe(event.cameraId);
      expect(frame.data.byteLength).toBe(SIZE.width * SIZE.height * 3);
      expect(digest(frame.data)).toBe(readPixels.get(`${frame.cameraId}:${frame.seq}`));
      expect(Math.abs(frame.timestampMs - event.triggeredAtMs)).toBeLessThanOrEqual(200);
    }
    // The car leaves before the end of the scene: its stay is closed.
    expect(events.some((e) => e.event.phase === 'ended' && e.event.cameraId === 'lot')).toBe(true);
  });

  it("'live' mode stops reading when the signal aborts, without finishing the analyzer", async () => {
    const pipeline = new AnalysisPipeline({ pool, onEvent: () => undefined });
    const abort = new AbortController();
    // A looping real-time file never ends by itself, like a camera.
    const live = source(lot, parkedClip, { realtime: true, loop: true, frames: 'latest' });
    const started = performance.now();
    setTimeout(() => abort.abort(), 2_000);
    try {
      await pipeline.run(lot, live, abort.signal);
    } finally {
      pipeline.close();
      await live.stop();
    }
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(pipeline.progress('lot')).toBeUndefined();
    expect(pool.waiting('lot')).toBe(0);
  });

  it('rejects a second run of the same camera while one is going', async () => {
    const pipeline = new AnalysisPipeline({ pool, mode: 'complete', onEvent: () => undefined });
    const abort = new AbortController();
    const first = source(lot, parkedClip);
    const second = source(lot, parkedClip);
    try {
      const running = pipeline.run(lot, first, abort.signal);
      await expect(pipeline.run(lot, second, abort.signal)).rejects.toThrow(/already running/);
      abort.abort();
      await running;
    } finally {
      pipeline.close();
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('an unreadable file rejects the run with the stream failure', async () => {
    const pipeline = new AnalysisPipeline({ pool, mode: 'complete', onEvent: () => undefined });
    const broken = source(lot, '/no/such/file.mp4');
    try {
      await expect(pipeline.run(lot, broken, new AbortController().signal)).rejects.toMatchObject({ name: 'StreamFailure' });
    } finally {
      pipeline.close();
      await broken.stop();
    }
  });
});
