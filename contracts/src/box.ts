import { z } from 'zod';
import { fraction } from './common.js';

/** An axis-aligned box in frame fractions: x1,y1 top-left, x2,y2 bottom-right. */
export const frameBox = z
  .object({
    x1: fraction,
    y1: fraction,
    x2: fraction,
    y2: fraction,
  })
  .strict()
  .superRefine((box, ctx) => {
    if (box.x2 <= box.x1) ctx.addIssue({ code: 'custom', path: ['x2'], message: 'must be greater than x1' });
    if (box.y2 <= box.y1) ctx.addIssue({ code: 'custom', path: ['y2'], message: 'must be greater than y1' });
  });
export type FrameBox = z.infer<typeof frameBox>;
