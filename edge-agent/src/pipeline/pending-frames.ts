import type { GreyFrame } from '../rules/littering/grey-frame.js';
import type { Frame } from '../ingest/frame.js';

/** What the pipeline keeps of a frame while the detector has its pixels. */
export interface FrameSide {
  grey?: GreyFrame;
  /**
   * The frame less its pixels, which come back from the pool with the result (only when trigger
   * frames are kept for evidence).
   */
  frame?: Omit<Frame, 'data'>;
}

/**
 * Side data of submitted frames, waiting for their detections. Results come in seq order but
 * the pool drops frames silently (a newer frame displaced it, or a worker failed), so taking
 * seq N discards everything older: those frames will never get a result.
 */
export class PendingFrames {
  private readonly items: { seq: number; side: FrameSide }[] = [];

  add(seq: number, side: FrameSide): void {
    this.items.push({ seq, side });
  }

  /** The side data of `seq` (undefined when none was kept); older entries are dropped. */
  take(seq: number): FrameSide | undefined {
    while (this.items.length > 0 && this.items[0]!.seq < seq) this.items.shift();
    if (this.items[0]?.seq !== seq) return undefined;
    return this.items.shift()!.side;
  }

  get size(): number {
    return this.items.length;
  }

  clear(): void {
    this.items.length = 0;
  }
}
