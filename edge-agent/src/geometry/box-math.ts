import type { Box } from '../detect/detection.js';

/** Which point of a box stands for the object: the bottom-centre is where it touches the ground. */
export type Anchor = 'bottom-center' | 'center';

export function boxWidth(b: Box): number {
  return Math.max(0, b.x2 - b.x1);
}

export function boxHeight(b: Box): number {
  return Math.max(0, b.y2 - b.y1);
}

export function boxArea(b: Box): number {
  return boxWidth(b) * boxHeight(b);
}

export function intersectionArea(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  return w > 0 && h > 0 ? w * h : 0;
}

export function iou(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  if (inter === 0) return 0;
  return inter / (boxArea(a) + boxArea(b) - inter);
}

/** Share of `a` covered by `b` (1 when `a` lies inside `b`). */
export function coverage(a: Box, b: Box): number {
  const area = boxArea(a);
  return area > 0 ? intersectionArea(a, b) / area : 0;
}

export function anchorPoint(b: Box, anchor: Anchor): { x: number; y: number } {
  return { x: (b.x1 + b.x2) / 2, y: anchor === 'bottom-center' ? b.y2 : (b.y1 + b.y2) / 2 };
}

export function unionBox(boxes: readonly Box[]): Box | undefined {
  const first = boxes[0];
  if (first === undefined) return undefined;
  const u = { ...first };
  for (const b of boxes) {
    u.x1 = Math.min(u.x1, b.x1);
    u.y1 = Math.min(u.y1, b.y1);
    u.x2 = Math.max(u.x2, b.x2);
    u.y2 = Math.max(u.y2, b.y2);
  }
  return u;
}

export function clampBox(b: Box): Box {
  const c = (v: number): number => Math.min(1, Math.max(0, v));
  return { x1: c(b.x1), y1: c(b.y1), x2: c(b.x2), y2: c(b.y2) };
}

/**
 * Distance from a point to the nearest point of a box, in units of the frame width. Box
 * coordinates are fractions of width and height, so vertical distances are scaled by
 * height/width (`1 / aspect`) to compare like with like.
 */
export function pointToBoxDistance(px: number, py: number, b: Box, aspect: number): number {
  const dx = px < b.x1 ? b.x1 - px : px > b.x2 ? px - b.x2 : 0;
  const dy = py < b.y1 ? b.y1 - py : py > b.y2 ? py - b.y2 : 0;
  return Math.hypot(dx, dy / aspect);
}

/** Round to 4 decimals (a tenth of a pixel on a 1080p frame) so that events serialise compactly. */
export function roundBox(b: Box): Box {
  const r = (v: number): number => Math.round(v * 10_000) / 10_000;
  return { x1: r(b.x1), y1: r(b.y1), x2: r(b.x2), y2: r(b.y2) };
}
