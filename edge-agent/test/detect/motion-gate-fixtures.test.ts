import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetectorPool } from '../../src/detect/detector-pool.js';
import { defaultDetectionSettings, type Detector } from '../../src/detect/detector.js';
import type { FrameDetections } from '../../src/detect/detection.js';
import { createOnnxDetector } from '../../src/detect/onnx-detector.js';
import type { Frame } from '../../src/ingest/frame.js';
import { loadModelManifest, type ModelManifest } from '../../src/models/model-manifest.js';
import { decodeFixture, modelPath } from './fixture-frames.js';
import { coverage, linkChains } from './object-chains.js';

/*
 * The gate may only skip frames whose picture matches the last inferred one, so it must never
 * hide an object that stays in view: every object the ungated loop sees for at least
 * forceDetectSeconds is seen by the gated loop too, and one the ungated loop sees steadily is
 * seen gated in nearly every frame. (An object the detector itself flickers on, near the score
 * threshold, is only as steady gated as the forced detections every forceDetectSeconds make it.)
 */
const fps = 5;
const motion = { enabled: true, threshold: 0.002, forceDetectSeconds: 2 };
const scenes = [
  { fixture: 'lot-drive-through.mp4', start: 4, duration: 14 },
  { fixture: 'sidewalk-bag-left.avi', start: 8, duration: 18 },
  { fixture: 'table-people-dwell.mp4', start: 0, duration: 24 },
  { fixture: 'street-car-on-walkway.mp4', start: 0, duration: 8, loops: 3 },
  { fixture: 'table-bottles.mp4', start: 4, duration: 12 },
];

let manifest: ModelManifest;
let single: Detector;
let pool: DetectorPool;

beforeAll(async () => {
  manifest = await loadModelManifest('yolox_nano');
  single = await createOnnxDetector({ manifest, modelPath: modelPath(), settings: defaultDetectionSettings });
  pool = await DetectorPool.start({ manifest, modelPath: modelPath(), settings: defaultDetectionSettings, workers: 2 });
});
afterAll(async () => {
  await single.close();
  await pool.close();
});

async function ungated(frames: readonly Frame[]): Promise<FrameDetections[]> {
  const out: FrameDetections[] = [];
  for (const f of frames) out.push({ cameraId: f.cameraId, seq: f.seq, timestampMs: f.timestampMs, detections: (await single.detect(f)).detections, inferred: true });
  return out;
}

/** Through the production pool at camera pace (no frame dropped), so the gate is the only difference. */
async function gated(frames: readonly Frame[], cameraId: string): Promise<FrameDetections[]> {
  const out: FrameDetections[] = [];
  const unsubscribe = pool.subscribe((r) => r.cameraId === cameraId && out.push(r));
  pool.addCamera(cameraId, { motion });
  for (const f of frames) {
    pool.submit({ ...f, cameraId, data: f.data.slice() });
    await pool.idle();
  }
  unsubscribe();
  return out;
}

describe('motion gating on the fixture scenes', () => {
  it.each(scenes)('$fixture: every object present >= forceDetectSeconds ungated is found gated', async (scene) => {
    const frames = await decodeFixture(scene.fixture, { ...scene, fps });
    const reference = await ungated(frames);
    const withGate = await gated(frames, `gated-${scene.fixture.replace(/\W/g, '-')}`);
    expect(withGate.map((r) => r.seq)).toEqual(reference.map((r) => r.seq));
    const minFrames = motion.forceDetectSeconds * fps;
    const lasting = linkChains(reference).filter((c) => c.last - c.first + 1 >= minFrames);
    const skipped = withGate.filter((r) => !r.inferred).length;
    const steadiness = (c: (typeof lasting)[number]): number => c.boxes.size / (c.last - c.first + 1);
    const report = lasting.map((c) => `${c.className}@${c.first}-${c.last} steady ${steadiness(c).toFixed(2)} gated ${coverage(c, withGate).toFixed(2)}`);
    console.log(`${scene.fixture}: ${frames.length} frames, ${skipped} gated; ${report.join(', ') || 'no lasting objects'}`);
    for (const chain of lasting) {
      const seen = coverage(chain, withGate);
      const what = `${chain.className} frames ${chain.first}-${chain.last}`;
      expect(seen, what).toBeGreaterThan(0);
      if (steadiness(chain) >= 0.95) expect(seen, what).toBeGreaterThanOrEqual(0.8);
    }
  });

  it.each([
    { fixture: 'lot-drive-through.mp4', start: 0, duration: 4 },
    { fixture: 'table-people-dwell.mp4', start: 0, duration: 6 },
  ])('skips most frames of a quiet stretch of $fixture (else the gate buys nothing)', async (scene) => {
    const frames = await decodeFixture(scene.fixture, { ...scene, fps });
    const withGate = await gated(frames, `quiet-${scene.fixture.replace(/\W/g, '-')}`);
    expect(withGate.filter((r) => !r.inferred).length / withGate.length).toBeGreaterThan(0.7);
  });
});
