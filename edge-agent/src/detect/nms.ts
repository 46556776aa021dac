import type { Candidate } from './candidate.js';

export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export function iou(a: Rect, b: Rect): number {
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy non-maximum suppression within each class family: a box only suppresses boxes of its
 * own family, so a person on a motorcycle keeps both, while a car the model also scored as a
 * truck (the same box twice) stays one object. `familyOf[classId]` groups the classes (see
 * `familyIndex`); without it each class is its own family. Result is sorted by score, highest
 * first.
 */
export function classAwareNms<T extends Candidate>(candidates: readonly T[], iouThreshold: number, maxDetections = 300, familyOf?: Int32Array): T[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  const keptByFamily = new Map<number, T[]>();
  for (const box of sorted) {
    const family = familyOf?.[box.classId] ?? box.classId;
    const same = keptByFamily.get(family);
    if (same?.some((k) => iou(k, box) > iouThreshold)) continue;
    kept.push(box);
    if (same) same.push(box);
    else keptByFamily.set(family, [box]);
    if (kept.length >= maxDetections) break;
  }
  return kept;
}
