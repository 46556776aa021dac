import { pushClasses, type Candidate, type ClassThresholds } from './candidate.js';

/**
 * Decodes YOLOv8 / YOLO11's transposed `[1, 4 + C, N]` output: channel-major, rows
 * `cx, cy, w, h` then C class scores, no objectness. Reading it column-wise avoids a transpose copy.
 */
export function decodeYolov8(data: Float32Array, classCount: number, thresholds: ClassThresholds): Candidate[] {
  const channels = 4 + classCount;
  if (data.length % channels !== 0) throw new RangeError(`yolov8 output has ${data.length} values, not a multiple of ${channels}`);
  const n = data.length / channels;
  const out: Candidate[] = [];
  const classStart = 4 * n;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 0, at = classStart + i; c < classCount; c++, at += n) if (data[at]! > best) best = data[at]!;
    if (best < thresholds.min) continue;
    const cx = data[i]!;
    const cy = data[n + i]!;
    const w = data[2 * n + i]!;
    const h = data[3 * n + i]!;
    pushClasses(out, data, classStart + i, n, classCount, 1, thresholds, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
  }
  return out;
}
