import { describe, expect, it } from 'vitest';
import { classAwareNms, iou } from './nms.js';

const box = (x1: number, y1: number, x2: number, y2: number, score: number, classId: number) => ({ x1, y1, x2, y2, score, classId });

describe('iou', () => {
  it.each([
    [box(0, 0, 10, 10, 1, 0), box(0, 0, 10, 10, 1, 0), 1],
    [box(0, 0, 10, 10, 1, 0), box(5, 0, 15, 10, 1, 0), 50 / 150],
    [box(0, 0, 10, 10, 1, 0), box(10, 0, 20, 10, 1, 0), 0],
    [box(0, 0, 10, 10, 1, 0), box(20, 20, 30, 30, 1, 0), 0],
  ])('iou(%o, %o) = %d', (a, b, expected) => {
    expect(iou(a, b)).toBeCloseTo(expected);
  });
});

describe('classAwareNms', () => {
  it('keeps the best of overlapping boxes of one class', () => {
    const kept = classAwareNms([box(0, 0, 10, 10, 0.6, 2), box(1, 1, 11, 11, 0.9, 2), box(50, 50, 60, 60, 0.5, 2)], 0.45);
    expect(kept.map((k) => k.score)).toEqual([0.9, 0.5]);
  });

  it('never lets one class suppress another (a rider on a motorcycle keeps both)', () => {
    const kept = classAwareNms([box(0, 0, 10, 10, 0.8, 0), box(0, 0, 10, 10, 0.7, 3)], 0.45);
    expect(kept.map((k) => k.classId)).toEqual([0, 3]);
  });

  it('keeps boxes that overlap less than the threshold', () => {
    const kept = classAwareNms([box(0, 0, 10, 10, 0.8, 0), box(6, 0, 16, 10, 0.7, 0)], 0.45);
    expect(kept).toHaveLength(2);
  });

  it('caps the number of detections', () => {
    const many = Array.from({ length: 10 }, (_, i) => box(i * 20, 0, i * 20 + 10, 10, 0.5 + i / 100, 0));
    expect(classAwareNms(many, 0.45, 3)).toHaveLength(3);
  });
});
