import { pushClasses, type Candidate, type ClassThresholds } from './candidate.js';

/** YOLOX heads: 8/16/32-pixel cells, finest first, each grid row-major. */
const strides = [8, 16, 32] as const;

export function yoloxRowCount(width: number, height: number): number {
  return strides.reduce((sum, s) => sum + Math.floor(width / s) * Math.floor(height / s), 0);
}

/**
 * Decodes YOLOX's `[1, cells, 5 + C]` output (already sigmoided): per row
 * `[dx, dy, log w, log h, objectness, C class scores]`; centre = (d + grid) * stride,
 * size = exp(log) * stride, score = objectness * class.
 */
export function decodeYolox(data: Float32Array, width: number, height: number, classCount: number, thresholds: ClassThresholds): Candidate[] {
  const rowLength = 5 + classCount;
  const rows = yoloxRowCount(width, height);
  if (data.length !== rows * rowLength) {
    throw new RangeError(`yolox output has ${data.length} values, expected ${rows} x ${rowLength} for ${width}x${height}`);
  }
  const out: Candidate[] = [];
  let row = 0;
  for (const stride of strides) {
    const gw = Math.floor(width / stride);
    const gh = Math.floor(height / stride);
    for (let gy = 0; gy < gh; gy++) {
      for (let gx = 0; gx < gw; gx++, row++) {
        const base = row * rowLength;
        const objectness = data[base + 4]!;
        if (objectness < thresholds.min) continue;
        const cx = (data[base]! + gx) * stride;
        const cy = (data[base + 1]! + gy) * stride;
        const w = Math.exp(data[base + 2]!) * stride;
        const h = Math.exp(data[base + 3]!) * stride;
        pushClasses(out, data, base + 5, 1, classCount, objectness, thresholds, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
      }
    }
  }
  return out;
}
