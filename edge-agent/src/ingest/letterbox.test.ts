import { describe, expect, it } from 'vitest';
import { computeLetterbox } from './letterbox.js';

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
