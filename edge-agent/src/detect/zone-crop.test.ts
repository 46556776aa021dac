import { describe, expect, it } from 'vitest';
import { cropToFrame, ffmpegCropFilter, zoneCrop } from './zone-crop.js';

const fullHd = { srcWidth: 1920, srcHeight: 1080 };

describe('zoneCrop', () => {
  it('crops to the zones bounding box plus margin, on even pixels', () => {
    const crop = zoneCrop([[[0.5, 0.5], [0.7, 0.5], [0.7, 0.8]], [[0.6, 0.6], [0.75, 0.6], [0.75, 0.7]]], { ...fullHd, margin: 0.1 });
    expect(crop).not.toBeNull();
    const { pixels, rect } = crop!;
    for (const v of Object.values(pixels)) expect(v % 2).toBe(0);
    // zones span x 0.5..0.75, y 0.5..0.8; with a 10% margin: x 0.475..0.775, y 0.47..0.83.
    expect(rect.x).toBeCloseTo(0.475, 2);
    expect(rect.x + rect.width).toBeCloseTo(0.775, 2);
    expect(rect.y).toBeCloseTo(0.47, 2);
    expect(rect.y + rect.height).toBeCloseTo(0.83, 2);
    expect(ffmpegCropFilter(pixels)).toBe(`crop=${pixels.width}:${pixels.height}:${pixels.x}:${pixels.y}`);
  });

  it('grows a tiny crop to the minimum side and keeps it inside the frame', () => {
    const crop = zoneCrop([[[0.98, 0.98], [0.99, 0.98], [0.99, 0.99]]], { ...fullHd, minSidePx: 416 })!;
    expect(crop.pixels.width).toBeGreaterThanOrEqual(416);
    expect(crop.pixels.height).toBeGreaterThanOrEqual(416);
    expect(crop.pixels.x + crop.pixels.width).toBeLessThanOrEqual(1920);
    expect(crop.pixels.y + crop.pixels.height).toBeLessThanOrEqual(1080);
  });

  it('declines when zones cover nearly the whole frame or there are none', () => {
    expect(zoneCrop([[[0, 0], [1, 0], [1, 1]]], fullHd)).toBeNull();
    expect(zoneCrop([], fullHd)).toBeNull();
  });
});

describe('cropToFrame', () => {
  it('maps a box in crop fractions back to whole-frame fractions', () => {
    const box = cropToFrame({ x1: 0, y1: 0.5, x2: 1, y2: 1 }, { x: 0.5, y: 0.2, width: 0.25, height: 0.4 });
    expect(box.x1).toBeCloseTo(0.5);
    expect(box.y1).toBeCloseTo(0.4);
    expect(box.x2).toBeCloseTo(0.75);
    expect(box.y2).toBeCloseTo(0.6);
  });
});
