import { describe, expect, it } from 'vitest';
import { uniformThresholds } from './candidate.js';
import { decodeYolov5 } from './decode-yolov5.js';
import { decodeYolov8 } from './decode-yolov8.js';
import { decodeYolox, yoloxRowCount } from './decode-yolox.js';

const C = 3;

describe('decodeYolox', () => {
  const width = 64;
  const height = 32;
  const rows = yoloxRowCount(width, height);
  const data = new Float32Array(rows * (5 + C));
  // stride 8 grid is 8x4 = 32 cells; row 9 is gx=1, gy=1. Stride 16 starts at row 32 (4x2 grid).
  const setRow = (row: number, values: number[]): void => data.set(values, row * (5 + C));
  setRow(9, [0.5, 0.25, Math.log(2), Math.log(1), 0.9, 0.1, 0.8, 0.05]);
  setRow(32 + 5, [0, 0, 0, 0, 0.2, 0.9, 0.9, 0.9]);

  it('counts the cells of the 8/16/32 heads', () => {
    expect(rows).toBe(32 + 8 + 2);
  });

  it('turns grid offsets and log sizes into letterboxed pixels, score = objectness x class', () => {
    const [c, ...rest] = decodeYolox(data, width, height, C, uniformThresholds(C, 0.3));
    expect(rest).toEqual([]);
    expect(c!.classId).toBe(1);
    expect(c!.score).toBeCloseTo(0.72);
    // centre ((0.5 + 1) * 8, (0.25 + 1) * 8) = (12, 10); size (16, 8).
    expect([c!.x1, c!.y1, c!.x2, c!.y2].map((v) => Math.round(v * 1000) / 1000)).toEqual([4, 6, 20, 14]);
  });

  it('emits every class that clears its own threshold (per-class thresholds)', () => {
    const thresholds = uniformThresholds(C, 0.3);
    thresholds.byClass[0] = 0.05;
    thresholds.min = 0.05;
    const out = decodeYolox(data, width, height, C, thresholds);
    // row 9: 0.9 x [0.1, 0.8, 0.05] -> person 0.09 (own threshold 0.05) and class 1; row 37: 0.2 x 0.9 -> only class 0.
    expect(out.map((c) => c.classId).sort()).toEqual([0, 0, 1]);
  });

  it('rejects an output of the wrong size', () => {
    expect(() => decodeYolox(new Float32Array(10), width, height, C, uniformThresholds(C, 0.3))).toThrow(/expected 42 x 8/);
  });
});

describe('decodeYolov5', () => {
  it('reads centre/size in pixels and multiplies objectness by class', () => {
    const data = Float32Array.from([
      [100, 50, 20, 10, 0.8, 0.1, 0.2, 0.9],
      [10, 10, 4, 4, 0.1, 0.9, 0.9, 0.9],
    ].flat());
    const out = decodeYolov5(data, C, uniformThresholds(C, 0.5));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ classId: 2, x1: 90, y1: 45, x2: 110, y2: 55 });
    expect(out[0]!.score).toBeCloseTo(0.72);
  });
});

describe('decodeYolov8', () => {
  it('reads the transposed [4 + C, N] layout without objectness', () => {
    const n = 2;
    // channel-major: cx[n], cy[n], w[n], h[n], class0[n], class1[n], class2[n]
    const data = Float32Array.from([200, 30, 100, 30, 40, 6, 20, 6, 0.1, 0.2, 0.95, 0.1, 0.3, 0.25]);
    expect(data.length).toBe((4 + C) * n);
    const out = decodeYolov8(data, C, uniformThresholds(C, 0.5));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ classId: 1, x1: 180, y1: 90, x2: 220, y2: 110 });
    expect(out[0]!.score).toBeCloseTo(0.95);
  });

  it('rejects an output whose size does not fit 4 + C channels', () => {
    expect(() => decodeYolov8(new Float32Array(9), C, uniformThresholds(C, 0.5))).toThrow(/multiple of 7/);
  });
});
