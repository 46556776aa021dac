import { writeFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { loadModelManifest } from '../../src/models/model-manifest.js';
import { decodeFixture, modelPath } from './fixture-frames.js';
import { goldenFile, goldenFrames } from './golden-frames.js';
import { referenceDetect } from './reference-decode.js';

/*
 * One-off: `npx tsx edge-agent/test/detect/make-golden.ts` rewrites the golden file from the
 * reference decode. Rerun only when the model or the fixture set changes, and review the diff.
 */
const manifest = await loadModelManifest('yolox_nano');
const session = await ort.InferenceSession.create(modelPath(), { intraOpNumThreads: 1 });
const entries = [];
for (const { fixture, start } of goldenFrames) {
  const [frame] = await decodeFixture(fixture, { start, maxFrames: 1 });
  if (!frame) throw new Error(`no frame from ${fixture} at ${start}s`);
  const detections = await referenceDetect(session, frame, manifest.classes);
  const round = (v: number): number => Math.round(v * 10_000) / 10_000;
  entries.push({ fixture, start, detections: detections.map((d) => ({ className: d.className, score: round(d.score), box: d.box.map(round) })) });
  console.log(fixture, start, detections.map((d) => `${d.className} ${d.score.toFixed(2)}`).join(', '));
}
await session.release();
await writeFile(goldenFile, `${JSON.stringify({ model: manifest.name, sha256: manifest.sha256, scoreThreshold: 0.3, nmsIou: 0.45, frames: entries }, null, 1)}\n`);
