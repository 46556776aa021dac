import { describe, expect, it } from 'vitest';
import { pointInPolygon } from './polygon.js';
import { ZoneArea } from './zone-area.js';

const square = [[0.2, 0.2], [0.6, 0.2], [0.6, 0.6], [0.2, 0.6]] as [number, number][];
// An L shape: the notch at the top right is outside.
const ell = [[0.1, 0.1], [0.4, 0.1], [0.4, 0.5], [0.9, 0.5], [0.9, 0.9], [0.1, 0.9]] as [number, number][];

describe('zones', () => {
  it.each([
    [0.3, 0.3, square, true],
    [0.1, 0.3, square, false],
    [0.7, 0.3, ell, false],
    [0.7, 0.7, ell, true],
    [0.2, 0.3, ell, true],
  ] as const)('point (%s, %s) inside is %s', (x, y, polygon, inside) => {
    expect(pointInPolygon(x, y, polygon)).toBe(inside);
  });

  it('tests the bottom-centre by default and the centre when asked', () => {
    // Box centre (0.4, 0.5) inside the square; bottom-centre (0.4, 0.7) below it.
    const box = { x1: 0.3, y1: 0.3, x2: 0.5, y2: 0.7 };
    expect(new ZoneArea({ id: 'z', polygon: square, anchor: 'bottom-center', minBoxArea: 0 }).contains(box)).toBe(false);
    expect(new ZoneArea({ id: 'z', polygon: square, anchor: 'center', minBoxArea: 0 }).contains(box)).toBe(true);
  });

  it('narrows a rule\'s classes by the zone\'s filter and drops small boxes', () => {
    const zone = new ZoneArea({ id: 'z', polygon: square, anchor: 'bottom-center', classes: ['motorcycle', 'person'], minBoxArea: 0.01 });
    const classes = zone.ruleClasses(['car', 'motorcycle', 'bus', 'truck']);
    expect([...classes]).toEqual(['motorcycle']);
    expect(zone.accepts({ x1: 0.3, y1: 0.3, x2: 0.45, y2: 0.5 }, 'motorcycle', classes)).toBe(true);
    expect(zone.accepts({ x1: 0.3, y1: 0.3, x2: 0.45, y2: 0.5 }, 'car', classes)).toBe(false);
    expect(zone.accepts({ x1: 0.3, y1: 0.45, x2: 0.35, y2: 0.5 }, 'motorcycle', classes)).toBe(false);
  });
});
