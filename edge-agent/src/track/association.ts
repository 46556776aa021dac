import { iou } from '../geometry/box-math.js';
import type { Box } from '../detect/detection.js';
import { sameFamily } from '../detect/class-family.js';

export interface Candidate {
  box: Box;
  className: string;
}

/**
 * Greedy highest-IoU-first matching. With the few objects a street camera sees this gives the
 * same pairs as an optimal assignment in practice, and it is deterministic (ties go to the lower
 * index). Returns pairs of [trackIndex, detectionIndex].
 */
export function associate(tracks: readonly Candidate[], detections: readonly Candidate[], minIou: number): [number, number][] {
  const pairs: { t: number; d: number; score: number }[] = [];
  for (let t = 0; t < tracks.length; t++) {
    const track = tracks[t];
    if (track === undefined) continue;
    for (let d = 0; d < detections.length; d++) {
      const det = detections[d];
      if (det === undefined || !sameFamily(track.className, det.className)) continue;
      const score = iou(track.box, det.box);
      if (score >= minIou) pairs.push({ t, d, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score || a.t - b.t || a.d - b.d);
  const usedT = new Set<number>();
  const usedD = new Set<number>();
  const matches: [number, number][] = [];
  for (const p of pairs) {
    if (usedT.has(p.t) || usedD.has(p.d)) continue;
    usedT.add(p.t);
    usedD.add(p.d);
    matches.push([p.t, p.d]);
  }
  return matches;
}
