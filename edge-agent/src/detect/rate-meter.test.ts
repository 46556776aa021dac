import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter.js';

describe('RateMeter', () => {
  it('reports events per second over the covered span', () => {
    const meter = new RateMeter(10_000);
    for (let t = 0; t <= 2_000; t += 200) meter.record(t);
    expect(meter.rate(2_000)).toBeCloseTo(5);
  });

  it('forgets events older than the window', () => {
    const meter = new RateMeter(1_000);
    for (let t = 0; t < 1_000; t += 100) meter.record(t);
    expect(meter.rate(5_000)).toBe(0);
  });
});
