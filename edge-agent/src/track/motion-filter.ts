import type { Box } from '../detect/detection.js';

/*
 * A constant-velocity alpha-beta filter on the box centre, with the size smoothed without
 * velocity (sizes change slowly and a size velocity only amplifies detector jitter). Time is in
 * seconds, not frames, because camera fps varies and motion gating leaves gaps.
 */

export interface MotionFilterOptions {
  /** Weight of a new measurement for the position (0..1): lower = smoother, laggier. */
  alpha: number;
  /** Weight of the innovation for the velocity. */
  beta: number;
  /** Weight of a new measurement for the size. */
  sizeAlpha: number;
  /** Gaps up to this long are ordinary frame spacing: the prediction moves at full speed. */
  coastFreeSeconds: number;
  /**
   * Beyond that, the velocity decays with this time constant: an occluded object more likely
   * slowed down (or stopped behind the occluder) than kept going straight for seconds.
   */
  coastDecaySeconds: number;
}

export const defaultMotionFilterOptions: MotionFilterOptions = {
  alpha: 0.7,
  beta: 0.3,
  sizeAlpha: 0.5,
  coastFreeSeconds: 0.5,
  coastDecaySeconds: 1,
};

export class MotionFilter {
  private cx: number;
  private cy: number;
  private w: number;
  private h: number;
  private vx = 0;
  private vy = 0;
  private tMs: number;
  private updates = 1;

  constructor(
    box: Box,
    tMs: number,
    private readonly options: MotionFilterOptions = defaultMotionFilterOptions,
  ) {
    this.cx = (box.x1 + box.x2) / 2;
    this.cy = (box.y1 + box.y2) / 2;
    this.w = box.x2 - box.x1;
    this.h = box.y2 - box.y1;
    this.tMs = tMs;
  }

  /** The box expected at `tMs`; does not change the state. */
  predict(tMs: number): Box {
    const dt = Math.max(0, (tMs - this.tMs) / 1000);
    const free = this.options.coastFreeSeconds;
    const tau = this.options.coastDecaySeconds;
    // Past the free gap, the integral of v * exp(-t / tau): the distance covered while slowing down.
    const travel = dt <= free ? dt : free + tau * (1 - Math.exp(-(dt - free) / tau));
    const cx = this.cx + this.vx * travel;
    const cy = this.cy + this.vy * travel;
    return { x1: cx - this.w / 2, y1: cy - this.h / 2, x2: cx + this.w / 2, y2: cy + this.h / 2 };
  }

  update(box: Box, tMs: number): void {
    const dt = (tMs - this.tMs) / 1000;
    // A repeated timestamp carries no information about speed.
    if (dt <= 0.001) return;
    const predicted = this.predict(tMs);
    const pcx = (predicted.x1 + predicted.x2) / 2;
    const pcy = (predicted.y1 + predicted.y2) / 2;
    const rx = (box.x1 + box.x2) / 2 - pcx;
    const ry = (box.y1 + box.y2) / 2 - pcy;
    const { alpha, beta, sizeAlpha } = this.options;
    // The second measurement defines the first velocity outright; later ones refine it.
    const b = this.updates === 1 ? 1 : beta;
    const a = this.updates === 1 ? 1 : alpha;
    this.cx = pcx + a * rx;
    this.cy = pcy + a * ry;
    this.vx += (b * rx) / dt;
    this.vy += (b * ry) / dt;
    this.w += sizeAlpha * (box.x2 - box.x1 - this.w);
    this.h += sizeAlpha * (box.y2 - box.y1 - this.h);
    this.tMs = tMs;
    this.updates += 1;
  }

  /** Centre velocity in frame fractions per second. */
  velocity(): { vx: number; vy: number } {
    return { vx: this.vx, vy: this.vy };
  }
}
