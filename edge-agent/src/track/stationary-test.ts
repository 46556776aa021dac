import type { Box } from '../detect/detection.js';

/*
 * "Has this object stopped?" from the bottom-centre of its measured boxes over a time window.
 * Displacement is measured in box widths and heights, so the same threshold works for a near
 * bus and a far motorbike. Medians of the early and late halves of the window make it robust to
 * detector jitter and to the odd wrong box; the window is in seconds, so missed frames and
 * varying fps only thin the samples out.
 */

export interface StationaryOptions {
  /** How much history decides that an object has stopped. */
  windowSeconds: number;
  /** Stopped when the early and late medians are closer than this (in box sizes). */
  enterThreshold: number;
  /**
   * Moving again when the recent median leaves the stop position by more than this. Larger than
   * `enterThreshold` (hysteresis) so a parked car with a jittery box or a passer-by in front of
   * it does not flicker between stopped and moving.
   */
  exitThreshold: number;
  /** Fewer samples than this in the window is not enough evidence either way. */
  minSamples: number;
  /**
   * History kept to date a stop that is only recognised late: when the detector lost the object
   * right after it stopped (at night a parked car is misnamed for seconds), the window that
   * finally shows it still starts after the gap, but the stop is the first of the unbroken run
   * of earlier samples already at the stop position.
   */
  historySeconds: number;
}

export const defaultStationaryOptions: StationaryOptions = { windowSeconds: 3, enterThreshold: 0.1, exitThreshold: 0.3, minSamples: 3, historySeconds: 30 };

interface Sample {
  t: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export class StationaryTest {
  private readonly samples: Sample[] = [];
  private anchor: { x: number; y: number; w: number; h: number } | undefined;
  private since: number | undefined;

  constructor(private readonly options: StationaryOptions = defaultStationaryOptions) {}

  get stationary(): boolean {
    return this.since !== undefined;
  }

  /** When the object stopped (the start of the window that first showed it still), or undefined. */
  get stationarySinceMs(): number | undefined {
    return this.since;
  }

  push(tMs: number, box: Box): void {
    const last = this.samples[this.samples.length - 1];
    if (last !== undefined && tMs <= last.t) return;
    this.samples.push({ t: tMs, x: (box.x1 + box.x2) / 2, y: box.y2, w: Math.max(1e-6, box.x2 - box.x1), h: Math.max(1e-6, box.y2 - box.y1) });
    const keepMs = Math.max(this.options.windowSeconds, this.options.historySeconds) * 1000;
    while (this.samples.length > this.options.minSamples && (this.samples[1]?.t ?? tMs) < tMs - keepMs) this.samples.shift();
    this.evaluate(tMs);
  }

  private evaluate(nowMs: number): void {
    const windowMs = this.options.windowSeconds * 1000;
    const inWindow = this.samples.filter((s) => s.t >= nowMs - windowMs);
    const first = inWindow[0];
    if (first === undefined || inWindow.length < this.options.minSamples) return;
    // Too short a history (a brand-new track) cannot show that something is still.
    if (nowMs - first.t < windowMs * 0.6) return;
    const w = median(inWindow.map((s) => s.w));
    const h = median(inWindow.map((s) => s.h));
    if (this.anchor === undefined) {
      const half = Math.floor(inWindow.length / 2);
      const early = inWindow.slice(0, half);
      const late = inWindow.slice(inWindow.length - half);
      const dx = median(late.map((s) => s.x)) - median(early.map((s) => s.x));
      const dy = median(late.map((s) => s.y)) - median(early.map((s) => s.y));
      if (Math.hypot(dx / w, dy / h) < this.options.enterThreshold) {
        const anchor = { x: median(inWindow.map((s) => s.x)), y: median(inWindow.map((s) => s.y)), w, h };
        this.anchor = anchor;
        // The medians accept a window whose early part still shows the arrival; the stop is the
        // first sample already at the stop position, not the start of the window.
        const near = (s: Sample): boolean => Math.hypot((s.x - anchor.x) / w, (s.y - anchor.y) / h) < this.options.enterThreshold;
        let start = this.samples.indexOf(inWindow.find(near) ?? first);
        while (start > 0 && near(this.samples[start - 1]!)) start--;
        this.since = this.samples[start]!.t;
      }
      return;
    }
    const recent = inWindow.filter((s) => s.t >= nowMs - windowMs / 2);
    if (recent.length < Math.max(2, Math.ceil(this.options.minSamples / 2))) return;
    const dx = median(recent.map((s) => s.x)) - this.anchor.x;
    const dy = median(recent.map((s) => s.y)) - this.anchor.y;
    if (Math.hypot(dx / this.anchor.w, dy / this.anchor.h) > this.options.exitThreshold) {
      this.anchor = undefined;
      this.since = undefined;
    }
  }
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  const hi = values[mid] ?? 0;
  return values.length % 2 === 1 ? hi : ((values[mid - 1] ?? hi) + hi) / 2;
}
