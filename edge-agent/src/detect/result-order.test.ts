import { describe, expect, it } from 'vitest';
import type { Detection } from './detection.js';
import { ResultOrder } from './result-order.js';

const det = (className: string): Detection => ({ box: { x1: 0, y1: 0, x2: 1, y2: 1 }, score: 0.9, classId: 0, className });
const seqs = (results: { seq: number }[]) => results.map((r) => r.seq);

describe('ResultOrder', () => {
  it('holds a frame that finished early until the frame before it is done', () => {
    const d = new ResultOrder();
    d.expectInferred('a', 1, 100);
    d.expectInferred('a', 2, 200);
    expect(d.complete('a', 2, [det('car')])).toEqual([]);
    expect(seqs(d.complete('a', 1, [det('person')]))).toEqual([1, 2]);
  });

  it('gives a gated frame the detections of the frame before it, marked not inferred', () => {
    const d = new ResultOrder();
    d.expectInferred('a', 1, 100);
    expect(d.addGated('a', 2, 200)).toEqual([]);
    const out = d.complete('a', 1, [det('car')]);
    expect(out.map((r) => [r.seq, r.inferred, r.detections[0]?.className])).toEqual([
      [1, true, 'car'],
      [2, false, 'car'],
    ]);
  });

  it('releases frames behind one that was dropped', () => {
    const d = new ResultOrder();
    d.expectInferred('a', 1, 100);
    d.addGated('a', 2, 200);
    expect(seqs(d.cancel('a', 1))).toEqual([2]);
    expect(d.waiting('a')).toBe(0);
  });

  it('keeps cameras independent', () => {
    const d = new ResultOrder();
    d.expectInferred('a', 1, 100);
    d.expectInferred('b', 1, 100);
    expect(d.complete('b', 1, []).map((r) => r.cameraId)).toEqual(['b']);
    expect(d.waiting()).toBe(1);
  });
});
