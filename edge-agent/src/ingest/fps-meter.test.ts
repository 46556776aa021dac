import { describe, expect, it } from 'vitest';
import { FpsMeter } from './fps-meter.js';

describe('FpsMeter', () => {
  it('measures a steady 5 fps and falls to 0 once frames stop for a window', () => {
    const meter = new FpsMeter(5_000);
    for (let t = 0; t <= 10_000; t += 200) meter.tick(t);
    expect(meter.fps(10_000)).toBeCloseTo(5, 1);
    expect(meter.fps(12_500)).toBeCloseTo(2.6, 5);
    expect(meter.fps(15_001)).toBe(0);
  });

  it('uses the time it has been running when that is shorter than the window', () => {
    const meter = new FpsMeter(5_000);
    for (let t = 0; t < 2_000; t += 100) meter.tick(t);
    expect(meter.fps(2_000)).toBeCloseTo(10, 5);
  });
});
