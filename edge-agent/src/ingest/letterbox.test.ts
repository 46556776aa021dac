import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { frameFilter } from '../ffmpeg/ingest-args.js';
import type { PixelFormat } from './frame.js';
import { computeLetterbox, letterboxHolds, measureLetterbox } from './letterbox.js';

describe('computeLetterbox', () => {
  it.each([
    // Sizes of the shared fixtures into the 416x416 YOLOX-Nano input.
    [768, 432, 416, 416, 416, 234],
    [480, 270, 416, 416, 416, 234],
    [720, 480, 416, 416, 416, 277],
    [320, 240, 416, 416, 416, 312],
    [1920, 1080, 640, 640, 640, 360],
    [480, 640, 416, 416, 312, 416],
  ])('%ix%i into %ix%i fills %ix%i', (sw, sh, w, h, cw, ch) => {
    const lb = computeLetterbox(sw, sh, w, h);
    expect([lb.contentWidth, lb.contentHeight]).toEqual([cw, ch]);
    expect(lb.scale).toBeCloseTo(Math.min(cw / sw, ch / sh), 6);
  });
});

/** One frame of ffmpeg's test picture at `w`x`h`, through the detect pipeline's own scale and pad into 416x416. */
function padded(w: number, h: number, pixelFormat: PixelFormat): Buffer {
  const filter = frameFilter({ width: 416, height: 416, fps: 5, pixelFormat });
  return execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${w}x${h}:rate=5`, '-frames:v', '1', '-vf', filter, '-f', 'rawvideo', '-'], { maxBuffer: 1 << 22 });
}

describe('letterboxHolds', () => {
  it.each(['gbrp', 'bgr24'] as const)('tells a frame of the measured shape from one whose picture changed shape (%s)', (pixelFormat) => {
    const wide = computeLetterbox(768, 432, 416, 416);
    const fourThree = computeLetterbox(640, 480, 416, 416);
    const portrait = computeLetterbox(432, 768, 416, 416);
    const frame = (w: number, h: number) => ({ data: padded(w, h, pixelFormat), width: 416, height: 416, pixelFormat });
    expect(letterboxHolds(frame(768, 432), wide)).toBe(true);
    // The same shape at another size (1280x720 after 768x432) is the same letterbox: nothing to do.
    expect(letterboxHolds(frame(1280, 720), wide)).toBe(true);
    expect(letterboxHolds(frame(640, 480), wide)).toBe(false);
    expect(letterboxHolds(frame(640, 480), fourThree)).toBe(true);
    expect(letterboxHolds(frame(768, 432), fourThree)).toBe(false);
    expect(letterboxHolds(frame(432, 768), portrait)).toBe(true);
    expect(letterboxHolds(frame(768, 432), portrait)).toBe(false);
    // A square picture fills the frame: only a change away from it shows.
    const square = computeLetterbox(480, 480, 416, 416);
    expect(letterboxHolds(frame(480, 480), square)).toBe(true);
    expect(letterboxHolds(frame(768, 432), square)).toBe(false);
  });

  it.each(['gbrp', 'bgr24'] as const)('reads the letterbox a frame has off its pixels (%s)', (pixelFormat) => {
    const frame = (w: number, h: number) => ({ data: padded(w, h, pixelFormat), width: 416, height: 416, pixelFormat });
    const wide = computeLetterbox(768, 432, 416, 416);
    const fourThree = measureLetterbox(frame(640, 480), wide)!;
    expect(fourThree).toMatchObject({ contentWidth: 416, contentHeight: 312, srcWidth: 768, srcHeight: 576 });
    expect(letterboxHolds(frame(640, 480), fourThree)).toBe(true);
    expect(measureLetterbox(frame(432, 768), wide)).toMatchObject({ contentWidth: 234, contentHeight: 416 });
    expect(measureLetterbox(frame(768, 432), fourThree)).toMatchObject({ contentWidth: 416, contentHeight: 234 });
    expect(measureLetterbox({ data: Buffer.alloc(416 * 416 * 3, 0x72), width: 416, height: 416, pixelFormat }, wide)).toBeUndefined();
  });
});
