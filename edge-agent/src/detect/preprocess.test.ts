import { describe, expect, it } from 'vitest';
import { frameToChw, hwcToChw } from './preprocess.js';

// 2x1 image: pixel 0 = (10, 20, 30), pixel 1 = (40, 50, 60) in the frame's own channel order.
const src = Uint8Array.from([10, 20, 30, 40, 50, 60]);

describe('hwcToChw', () => {
  it('writes planes in the same channel order when no swap is needed', () => {
    expect([...hwcToChw(src, 2, 1, 1, false, new Float32Array(6))]).toEqual([10, 40, 20, 50, 30, 60]);
  });

  it('swaps the first and third planes when the frame order differs from the model', () => {
    expect([...hwcToChw(src, 2, 1, 1, true, new Float32Array(6))]).toEqual([30, 60, 20, 50, 10, 40]);
  });

  it('applies the manifest scale (1/255 for Ultralytics models)', () => {
    const out = hwcToChw(Uint8Array.from([255, 0, 51]), 1, 1, 1 / 255, false, new Float32Array(3));
    expect(out[0]).toBeCloseTo(1);
    expect(out[1]).toBe(0);
    expect(out[2]).toBeCloseTo(0.2);
  });

  it('reuses the output buffer it is given instead of allocating', () => {
    const out = new Float32Array(6);
    expect(hwcToChw(src, 2, 1, 1, false, out)).toBe(out);
  });

  it('rejects a frame smaller than width x height x 3', () => {
    expect(() => hwcToChw(src, 3, 1, 1, false, new Float32Array(9))).toThrow(/expected 9/);
  });
});

describe('frameToChw', () => {
  // The same 2x1 picture (b, g, r) = (10, 20, 30), (40, 50, 60) in each layout ffmpeg can deliver.
  const bgr24 = Uint8Array.from([10, 20, 30, 40, 50, 60]);
  const rgb24 = Uint8Array.from([30, 20, 10, 60, 50, 40]);
  const gbrp = Uint8Array.from([20, 50, 10, 40, 30, 60]);

  it.each(['bgr', 'rgb'] as const)('gives one %s tensor whatever the frame layout, scaled or not', (order) => {
    const want = order === 'bgr' ? [10, 40, 20, 50, 30, 60] : [30, 60, 20, 50, 10, 40];
    for (const scale of [1, 0.5]) {
      for (const [format, data] of [['bgr24', bgr24], ['rgb24', rgb24], ['gbrp', gbrp]] as const) {
        expect([...frameToChw(data, format, 2, 1, scale, order, new Float32Array(6))], `${format} x ${scale}`).toEqual(want.map((v) => v * scale));
      }
    }
  });

  it('rejects a planar frame smaller than width x height x 3', () => {
    expect(() => frameToChw(gbrp, 'gbrp', 3, 1, 1, 'bgr', new Float32Array(9))).toThrow(/expected 9/);
  });
});
