import type { Letterbox } from '../ingest/frame.js';
import type { Candidate } from './candidate.js';
import type { Box, Detection } from './detection.js';
import { cropToFrame, type CropRect } from './zone-crop.js';

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * Model-input pixels -> fractions of the camera picture. The content area (the scaled picture
 * before padding) spans the whole source, so dividing by its size undoes the letterbox without
 * the rounding error of `1 / scale`.
 */
export function letterboxToFrame(c: Candidate, letterbox: Letterbox, crop?: CropRect): Box {
  const box = {
    x1: clamp01(c.x1 / letterbox.contentWidth),
    y1: clamp01(c.y1 / letterbox.contentHeight),
    x2: clamp01(c.x2 / letterbox.contentWidth),
    y2: clamp01(c.y2 / letterbox.contentHeight),
  };
  return crop ? cropToFrame(box, crop) : box;
}

export function toDetections(kept: readonly Candidate[], classes: readonly string[], letterbox: Letterbox, crop?: CropRect): Detection[] {
  const out: Detection[] = [];
  for (const c of kept) {
    const box = letterboxToFrame(c, letterbox, crop);
    // A box wholly inside the padding is the model hallucinating on grey; it maps to nothing.
    if (box.x2 <= box.x1 || box.y2 <= box.y1) continue;
    out.push({ box, score: c.score, classId: c.classId, className: classes[c.classId] ?? `class_${c.classId}` });
  }
  return out;
}
