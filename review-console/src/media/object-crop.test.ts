import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cropAround, cropObject } from './object-crop.js';

describe('cropAround', () => {
  it('frames a small object with its surroundings, 4:3, at least 120 px high', () => {
    // A 30 px bag in a 1920x1080 frame.
    const rect = cropAround({ x1: 0.5, y1: 0.5, x2: 0.5 + 30 / 1920, y2: 0.5 + 30 / 1080 }, 1920, 1080);
    expect(rect.height).toBe(120);
    expect(rect.width).toBe(160);
    // Centred on the bag.
    expect(rect.left + rect.width / 2).toBeCloseTo(960 + 15, -1);
    expect(rect.top + rect.height / 2).toBeCloseTo(540 + 15, -1);
  });

  it('keeps a large object whole with a margin', () => {
    const rect = cropAround({ x1: 0.3, y1: 0.4, x2: 0.5, y2: 0.7 }, 1000, 1000);
    expect(rect.left).toBeLessThanOrEqual(300);
    expect(rect.left + rect.width).toBeGreaterThanOrEqual(500);
    expect(rect.top).toBeLessThanOrEqual(400);
    expect(rect.top + rect.height).toBeGreaterThanOrEqual(700);
    expect(rect.width / rect.height).toBeCloseTo(4 / 3, 1);
  });

  it('moves a crop at the edge inside the picture instead of cutting it', () => {
    const rect = cropAround({ x1: 0.95, y1: 0.9, x2: 1.02, y2: 1 }, 1280, 720);
    expect(rect.left + rect.width).toBeLessThanOrEqual(1280);
    expect(rect.top + rect.height).toBeLessThanOrEqual(720);
    expect(rect.left).toBeGreaterThanOrEqual(0);
    expect(rect.width / rect.height).toBeCloseTo(4 / 3, 1);
  });

  it('takes the whole picture when it is smaller than the crop', () => {
    expect(cropAround({ x1: 0.1, y1: 0.1, x2: 0.9, y2: 0.9 }, 100, 60)).toEqual({ left: 0, top: 0, width: 100, height: 60 });
  });
});

describe('cropObject', () => {
  it('cuts the object out of a real JPEG: the red square fills the crop, the green around it stays out', async () => {
    const frame = await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#00ff00' } })
      .composite([{ input: await sharp({ create: { width: 200, height: 150, channels: 3, background: '#ff0000' } }).png().toBuffer(), left: 600, top: 300 }])
      .jpeg()
      .toBuffer();
    const crop = await cropObject(frame, { x1: 600 / 1280, y1: 300 / 720, x2: 800 / 1280, y2: 450 / 720 }, 160);
    const { data, info } = await sharp(crop).raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(160);
    expect(info.height).toBe(120);
    const centre = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
    expect(data[centre]).toBeGreaterThan(200);
    expect(data[centre + 1]).toBeLessThan(60);
    expect(data[1]).toBeGreaterThan(200); // top-left corner: the green surroundings
  });
});
