import { describe, expect, it } from 'vitest';
import { clipSecondsAt, coveredMs, cutsForPart, planClip } from './clip-plan.js';

describe('planClip', () => {
  it.each([
    { name: 'a short stay is one window from startedAt - pre to triggeredAt + post', started: 10_000, triggered: 70_000, pre: 5, post: 5, maxPart: 60, parts: [[5_000, 75_000]] },
    { name: 'a stay of exactly two parts is not split', started: 10_000, triggered: 40_000, pre: 5, post: 5, maxPart: 20, parts: [[5_000, 45_000]] },
    { name: 'a long stay keeps its start and its trigger', started: 0, triggered: 3_600_000, pre: 5, post: 5, maxPart: 20, parts: [[-5_000, 15_000], [3_585_000, 3_605_000]] },
    { name: 'a trigger before the start (clock skew) still gives a forward window', started: 10_000, triggered: 9_000, pre: 0, post: 5, maxPart: 20, parts: [[10_000, 15_000]] },
  ])('$name', ({ started, triggered, pre, post, maxPart, parts }) => {
    const planned = planClip({ startedAtMs: started, triggeredAtMs: triggered, preSeconds: pre, postSeconds: post, maxPartSeconds: maxPart });
    expect(planned.map((part) => [part.startMs, part.endMs])).toEqual(parts);
  });
});

describe('cutsForPart', () => {
  const segments = [
    { path: 'b.ts', startMs: 4_000, endMs: 8_000 },
    { path: 'a.ts', startMs: 0, endMs: 4_000 },
    { path: 'c.ts', startMs: 8_000, endMs: 12_000 },
  ];

  it('takes the overlapping segments in time order, with offsets into the first and last', () => {
    expect(cutsForPart({ startMs: 2_500, endMs: 9_000 }, segments)).toEqual([
      { path: 'a.ts', fromSeconds: 2.5 },
      { path: 'b.ts', fromSeconds: 0 },
      { path: 'c.ts', fromSeconds: 0, toSeconds: 1 },
    ]);
  });

  it('inside one segment gives both offsets in that segment', () => {
    expect(cutsForPart({ startMs: 5_000, endMs: 6_000 }, segments)).toEqual([{ path: 'b.ts', fromSeconds: 1, toSeconds: 2 }]);
  });

  it('reports how much of the window exists, so a missing end is noticed', () => {
    expect(coveredMs([{ startMs: 10_000, endMs: 20_000 }], segments)).toBe(2_000);
    expect(coveredMs([{ startMs: 0, endMs: 4_000 }, { startMs: 8_000, endMs: 10_000 }], segments)).toBe(6_000);
  });
});

describe('clipSecondsAt', () => {
  // A long stay: 10 s from wall 100 s, then 10 s from wall 500 s.
  const pieces = [{ wallStartMs: 100_000, seconds: 10 }, { wallStartMs: 500_000, seconds: 10 }];
  it.each([
    { name: 'a moment in the first piece', at: 104_000, seconds: 4 },
    { name: 'a moment in the second piece counts the first one before it', at: 503_500, seconds: 13.5 },
    { name: 'a moment in the gap maps to the start of the next piece', at: 300_000, seconds: 10 },
    { name: 'a moment before the clip maps to its start', at: 50_000, seconds: 0 },
    { name: 'a moment after the clip maps to its end', at: 900_000, seconds: 20 },
  ])('$name', ({ at, seconds }) => {
    expect(clipSecondsAt(pieces, at)).toBeCloseTo(seconds, 6);
  });
});
