import { describe, expect, it } from 'vitest';
import { greyScene } from '../../../test/rules/synthetic-grey.js';
import { GlobalShift } from './global-shift.js';

/** The long-term background a model would hold: the unshifted, noise-free picture. */
function reference(): Float32Array {
  const frame = greyScene([], { noise: 0 })(0);
  return Float32Array.from(frame.data);
}

describe('GlobalShift', () => {
  it.each([
    [0, 0],
    [1, 0],
    [-2, 1],
    [1.5, -0.5],
    [2.3, 0.7],
    [-3.6, -2.2],
  ])('finds a picture moved by (%d, %d) pixels within a fifth of a pixel', (dx, dy) => {
    const estimator = new GlobalShift(160, 90);
    const frame = greyScene([], { noise: 3, sway: () => [dx, dy] })(0);
    const shift = estimator.estimate(frame, reference(), 0);
    expect(Math.abs(shift.x - dx)).toBeLessThan(0.2);
    expect(Math.abs(shift.y - dy)).toBeLessThan(0.2);
  });

  it('a still camera gives exactly no shift, so its frames are compared unresampled', () => {
    const estimator = new GlobalShift(160, 90);
    const paint = greyScene([], { noise: 3 });
    for (let t = 0; t < 5; t += 0.2) expect(estimator.estimate(paint(t), reference(), 0)).toEqual({ x: 0, y: 0 });
  });

  it('a bus filling a fifth of the picture does not pull the estimate', () => {
    const estimator = new GlobalShift(160, 90);
    const bus = { className: 'bus', size: [0.45, 0.4] as [number, number], grey: 40, path: [[0, 0.5, 0.9], [1, 0.5, 0.9]] as [number, number, number][] };
    const frame = greyScene([bus], { noise: 3, sway: () => [1.5, 0] })(0.5);
    const shift = estimator.estimate(frame, reference(), 0);
    expect(Math.abs(shift.x - 1.5)).toBeLessThan(0.3);
    expect(Math.abs(shift.y)).toBeLessThan(0.3);
  });
});
