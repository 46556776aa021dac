import type { Box, FrameDetections } from '../../src/detect/detection.js';
import { iou } from '../../src/detect/nms.js';

/** One object followed through consecutive frames of an ungated run (same class, overlapping boxes). */
export interface ObjectChain {
  className: string;
  /** Frame index -> box. */
  boxes: Map<number, Box>;
  first: number;
  last: number;
}

/**
 * Links detections frame to frame at detection level (the tracker is built elsewhere): a box
 * joins the chain of its class whose last box overlaps it most (IoU >= 0.3), allowing a gap of
 * `maxGap` frames where the detector flickered.
 */
export function linkChains(run: readonly FrameDetections[], maxGap = 2): ObjectChain[] {
  const chains: ObjectChain[] = [];
  run.forEach((frame, index) => {
    const taken = new Set<ObjectChain>();
    for (const d of [...frame.detections].sort((a, b) => b.score - a.score)) {
      let best: ObjectChain | undefined;
      let bestIou = 0.3;
      for (const chain of chains) {
        if (taken.has(chain) || chain.className !== d.className || index - chain.last > maxGap + 1) continue;
        const overlap = iou(chain.boxes.get(chain.last)!, d.box);
        if (overlap >= bestIou) {
          best = chain;
          bestIou = overlap;
        }
      }
      if (best) {
        best.boxes.set(index, d.box);
        best.last = index;
      } else {
        best = { className: d.className, boxes: new Map([[index, d.box]]), first: index, last: index };
        chains.push(best);
      }
      taken.add(best);
    }
  });
  return chains;
}

/** Share of the chain's frames where `run` has a box of the same class overlapping it (IoU >= minIou). */
export function coverage(chain: ObjectChain, run: readonly FrameDetections[], minIou = 0.5): number {
  let hit = 0;
  for (const [index, box] of chain.boxes) {
    if (run[index]?.detections.some((d) => d.className === chain.className && iou(d.box, box) >= minIou)) hit++;
  }
  return hit / chain.boxes.size;
}
