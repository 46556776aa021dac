import { describe, expect, it } from 'vitest';
import { letterboxToFrame, toDetections } from './box-map.js';

// 480x270 letterboxed into 416: content 416x234, padding below.
const letterbox = { srcWidth: 480, srcHeight: 270, scale: 416 / 480, contentWidth: 416, contentHeight: 234 };
const cand = (x1: number, y1: number, x2: number, y2: number) => ({ x1, y1, x2, y2, score: 0.8, classId: 2 });

describe('letterboxToFrame', () => {
  it('maps model pixels to fractions of the source picture', () => {
    const box = letterboxToFrame(cand(104, 117, 208, 234), letterbox);
    expect(box).toEqual({ x1: 0.25, y1: 0.5, x2: 0.5, y2: 1 });
  });

  it('clamps boxes that overhang the picture', () => {
    expect(letterboxToFrame(cand(-10, -5, 500, 300), letterbox)).toEqual({ x1: 0, y1: 0, x2: 1, y2: 1 });
  });

  it('maps through a zone crop when ingest cropped first', () => {
    const box = letterboxToFrame(cand(0, 0, 416, 234), letterbox, { x: 0.5, y: 0.5, width: 0.5, height: 0.5 });
    expect(box).toEqual({ x1: 0.5, y1: 0.5, x2: 1, y2: 1 });
  });
});

describe('toDetections', () => {
  it('names classes from the manifest and drops boxes that lie wholly in the padding', () => {
    const out = toDetections([cand(10, 10, 50, 50), cand(10, 300, 50, 400)], ['person', 'bicycle', 'car'], letterbox);
    expect(out).toHaveLength(1);
    expect(out[0]!.className).toBe('car');
  });
});
