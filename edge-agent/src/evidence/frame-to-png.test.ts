import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../ingest/frame.js';
import { frameToPng } from './snapshot-renderer.js';

/** A 4x4 letterboxed frame whose 4x2 content is pure red on the left half, pure blue on the right. */
function frame(pixelFormat: Frame['pixelFormat']): Frame {
  const w = 4;
  const h = 4;
  const plane = w * h;
  const data = new Uint8Array(plane * 3).fill(114);
  for (let y = 0; y < 2; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = x < 2 ? [255, 0, 0] : [0, 0, 255];
      const p = y * w + x;
      if (pixelFormat === 'gbrp') [data[p], data[plane + p], data[2 * plane + p]] = [g, b, r];
      else if (pixelFormat === 'bgr24') [data[p * 3], data[p * 3 + 1], data[p * 3 + 2]] = [b, g, r];
      else [data[p * 3], data[p * 3 + 1], data[p * 3 + 2]] = [r, g, b];
    }
  }
  return { cameraId: 'c', seq: 0, timestampMs: 0, width: w, height: h, pixelFormat, data, letterbox: { srcWidth: 8, srcHeight: 4, scale: 0.5, contentWidth: 4, contentHeight: 2 } };
}

describe('frameToPng (the snapshot fallback from the detector frame)', () => {
  it.each(['bgr24', 'rgb24', 'gbrp'] as const)('cuts the padding off a %s frame and keeps its colours', async (pixelFormat) => {
    const png = await frameToPng(frame(pixelFormat));
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([8, 4]);
    const at = (x: number, y: number): number[] => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    expect(at(0, 0)).toEqual([255, 0, 0]);
    expect(at(7, 3)).toEqual([0, 0, 255]);
  });
});
