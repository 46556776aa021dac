import { describe, expect, it } from 'vitest';
import { familyIndex } from './class-family.js';
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

  // COCO ids: 0 person, 1 bicycle, 2 car, 3 motorcycle, 7 truck.
  const coco = ['person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck'];

  it('with families, a car also scored as a truck (the same box twice) is one detection, the better one', () => {
    const kept = classAwareNms([box(100, 50, 220, 130, 0.62, 2), box(102, 48, 221, 133, 0.55, 7)], 0.45, 300, familyIndex(coco));
    expect(kept.map((k) => k.classId)).toEqual([2]);
  });

  it('with families, a rider and the motorbike under them are still two detections', () => {
    const kept = classAwareNms([box(0, 0, 10, 20, 0.8, 0), box(0, 8, 12, 22, 0.7, 3), box(1, 8, 12, 22, 0.5, 1)], 0.45, 300, familyIndex(coco));
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
