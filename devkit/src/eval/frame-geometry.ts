import type { Region } from './scene-set.schema.js';

/*
 * Box and polygon maths of the evaluation, in frame fractions. The evaluation judges the agent
 * from outside, so it keeps its own few lines instead of importing the agent's code under test.
 */

export type Point = readonly [number, number];

/** Even-odd ray casting, as the agent's zones test an object's anchor point. */
export function pointInPolygon([x, y]: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Where an object touches the ground (bottom-centre) or its centre: the point a zone tests. */
export function anchorPoint([x1, y1, x2, y2]: Region, anchor: 'bottom-center' | 'center'): Point {
  return anchor === 'center' ? [(x1 + x2) / 2, (y1 + y2) / 2] : [(x1 + x2) / 2, y2];
}

export function regionArea([x1, y1, x2, y2]: Region): number {
  return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
}

/** True when `outer`, grown by `slack` on every side, contains `inner`. */
export function containsRegion(outer: Region, inner: Region, slack: number): boolean {
  return outer[0] - slack <= inner[0] && outer[1] - slack <= inner[1] && outer[2] + slack >= inner[2] && outer[3] + slack >= inner[3];
}

/** The part of a box inside the frame, or undefined when none is. */
export function clipToFrame([x1, y1, x2, y2]: Region): Region | undefined {
  const clipped: Region = [Math.max(0, x1), Math.max(0, y1), Math.min(1, x2), Math.min(1, y2)];
  return clipped[2] > clipped[0] && clipped[3] > clipped[1] ? clipped : undefined;
}

/** Distance in pixels from a point to the nearest point of a box (0 inside), both in pixels. */
export function pointToBoxDistance([px, py]: Point, [x1, y1, x2, y2]: Region): number {
  const dx = Math.max(x1 - px, 0, px - x2);
  const dy = Math.max(y1 - py, 0, py - y2);
  return Math.hypot(dx, dy);
}

export function unionRegion(regions: readonly Region[]): Region | undefined {
  if (regions.length === 0) return undefined;
  return [
    Math.min(...regions.map((r) => r[0])),
    Math.min(...regions.map((r) => r[1])),
    Math.max(...regions.map((r) => r[2])),
    Math.max(...regions.map((r) => r[3])),
  ];
}
