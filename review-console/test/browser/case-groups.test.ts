import { describe, expect, it } from 'vitest';
import type { ViolationSummary } from '../../src/api/api-types.js';

/* The web UI is its own TypeScript project; its modules are loaded by URL (see reason-usage.test.ts). */
const { groupRepeats } = (await import(new URL('../../web/src/components/case-groups.js', import.meta.url).href)) as {
  groupRepeats: (items: readonly ViolationSummary[]) => { first: ViolationSummary; repeats: ViolationSummary[] }[];
};

const BASE = Date.parse('2026-12-07T07:00:00Z');
const CAR = { x1: 0.2, y1: 0.5, x2: 0.4, y2: 0.8 };

function item(id: string, minutes: number, overrides: Partial<ViolationSummary> = {}): ViolationSummary {
  const at = new Date(BASE + minutes * 60_000).toISOString();
  return {
    id, ward: 'hoan-kiem', cameraId: 'cam-1', cameraName: 'Cam 1', ruleType: 'illegal_parking', zoneId: 'gate', zoneName: 'Cổng', classes: ['car'], bbox: CAR,
    startedAt: at, triggeredAt: at, endedAt: null, status: 'pending', receivedAt: at, decidedAt: null, purged: false, purgedAt: null, clipUrl: '', snapshotUrl: '', decision: null,
    ...overrides,
  };
}

const shape = (items: ViolationSummary[]) => groupRepeats(items).map((g) => [g.first.id, ...g.repeats.map((r) => r.id)]);

describe('grouping repeats of one object', () => {
  it('gathers the same car reported again and again in the same place, each within 30 min of the last', () => {
    expect(shape([item('a', 0), item('b', 20), item('c', 45), item('d', 70)])).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('takes a box holding the same centre as the same place, however much smaller (a half-hidden bag)', () => {
    const half = { x1: 0.2, y1: 0.65, x2: 0.26, y2: 0.8 }; // IoU 0.15 with the first box
    expect(shape([item('a', 0), item('b', 5, { bbox: half })])).toEqual([['a', 'b']]);
  });

  it('starts a new group after a long gap', () => {
    expect(shape([item('a', 0), item('b', 20), item('c', 60)])).toEqual([['a', 'b'], ['c']]);
  });

  it('keeps apart another place in the zone, another zone, another camera and another rule', () => {
    const items = [
      item('a', 0),
      item('b', 1, { bbox: { x1: 0.6, y1: 0.5, x2: 0.8, y2: 0.8 } }),
      item('c', 2, { zoneId: 'corner' }),
      item('d', 3, { cameraId: 'cam-2' }),
      item('e', 4, { ruleType: 'sidewalk_encroachment' }),
      item('f', 5, { bbox: { x1: 0.21, y1: 0.52, x2: 0.41, y2: 0.79 } }),
    ];
    expect(shape(items)).toEqual([['a', 'f'], ['b'], ['c'], ['d'], ['e']]);
  });

  it("keeps the list's order by each group's first case, newest first too", () => {
    const items = [item('e', 75), item('d', 50), item('c', 45, { cameraId: 'cam-2' }), item('b', 20), item('a', 0)];
    expect(shape(items)).toEqual([['c'], ['a', 'b', 'd', 'e']]);
  });
});
