import { pushClasses, type Candidate, type ClassThresholds } from './candidate.js';

/**
 * Decodes YOLOv5's `[1, N, 5 + C]` output: per row `[cx, cy, w, h, objectness, C class scores]`
 * in input pixels, sigmoids already applied; score = objectness * class.
 */
export function decodeYolov5(data: Float32Array, classCount: number, thresholds: ClassThresholds): Candidate[] {
  const rowLength = 5 + classCount;
  if (data.length % rowLength !== 0) throw new RangeError(`yolov5 output has ${data.length} values, not a multiple of ${rowLength}`);
  const rows = data.length / rowLength;
  const out: Candidate[] = [];
  for (let row = 0; row < rows; row++) {
    const base = row * rowLength;
    const objectness = data[base + 4]!;
    if (objectness < thresholds.min) continue;
    const cx = data[base]!;
    const cy = data[base + 1]!;
    const w = data[base + 2]!;
    const h = data[base + 3]!;
    pushClasses(out, data, base + 5, 1, classCount, objectness, thresholds, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
  }
  return out;
}
