import type { GreyFrame } from './grey-frame.js';
import type { Box } from '../../detect/detection.js';

/** Clears `mask` and sets the pixels under each box (frame fractions, grown by `margin`) to 1. */
export function markBoxes(mask: Uint8Array, width: number, content: GreyFrame['content'], boxes: readonly Box[], margin: number): void {
  mask.fill(0);
  const { x: cx, y: cy, width: cw, height: ch } = content;
  for (const b of boxes) {
    const mx = (b.x2 - b.x1) * margin;
    const my = (b.y2 - b.y1) * margin;
    const x0 = Math.max(cx, Math.floor(cx + (b.x1 - mx) * cw));
    const x1 = Math.min(cx + cw, Math.ceil(cx + (b.x2 + mx) * cw));
    const y0 = Math.max(cy, Math.floor(cy + (b.y1 - my) * ch));
    const y1 = Math.min(cy + ch, Math.ceil(cy + (b.y2 + my) * ch));
    for (let y = y0; y < y1; y++) mask.fill(1, y * width + x0, y * width + x1);
  }
}
