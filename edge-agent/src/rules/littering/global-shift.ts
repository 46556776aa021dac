import type { GreyFrame } from './grey-frame.js';

/*
 * A camera on a lamp-post sways in the wind: the whole picture drifts back and forth by a few
 * pixels over seconds. Compared pixel by pixel with a background learnt a moment earlier,
 * every edge in the scene then looks like a new object, and the object that really was left
 * is lost among them. The background model therefore estimates, per frame, the picture's
 * translation against its long-term background and compares the frame shifted back.
 *
 * The estimate is a truncated-L1 match (a person or a car covering part of the picture cannot
 * pull it far: a pixel's cost is capped) between the frame and the background, both softened
 * by a 3x3 box blur first: fine texture (gravel, noise, a resampled frame's own softness) would
 * otherwise make the cost surface rough. Every whole shift is tried on a sparse grid (paving
 * and railings repeat, so a descent from the last shift alone can stop in the wrong valley),
 * the best of that and the last frame's shift is refined by steepest descent on a denser grid,
 * then to a fraction of a pixel from the neighbouring costs.
 */

/** The farthest the picture may drift, in grey pixels (about 4% of its width). */
export const MAX_SHIFT_PX = 6;
/** A pixel's difference counts up to this many grey levels (an object over it, not sway). */
const COST_CAP = 40;
/** Every STRIDE-th pixel on every STRIDE-th row takes part in the match. */
const STRIDE = 2;
/** The coarse search over every whole shift samples this sparser grid (cheap, and enough to find the valley). */
const COARSE_STRIDE = 6;
/**
 * Shifts smaller than this are sensor noise in the estimate: a still camera keeps comparing
 * pixel with pixel (resampling would blur its noise and nothing would be gained).
 */
const DEAD_BAND_PX = 0.3;

export interface Shift {
  x: number;
  y: number;
}

export class GlobalShift {
  private last: Shift = { x: 0, y: 0 };
  private lastWhole = { x: 0, y: 0 };
  private readonly frameSoft: Float32Array;
  private readonly referenceSoft: Float32Array;
  private readonly rows: Float32Array;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.frameSoft = new Float32Array(width * height);
    this.referenceSoft = new Float32Array(width * height);
    this.rows = new Float32Array(width * height);
  }

  /** Where the reference's pixel (x, y) is in `frame`: at (x + shift.x, y + shift.y). */
  estimate(frame: GreyFrame, reference: Float32Array, offset: number): Shift {
    this.soften(frame.data, frame.content, this.frameSoft);
    this.soften(reference, frame.content, this.referenceSoft);
    const cost = (dx: number, dy: number): number => this.cost(frame, reference, offset, dx, dy, STRIDE);
    let coarse = { x: 0, y: 0, c: Number.POSITIVE_INFINITY };
    for (let dy = -MAX_SHIFT_PX; dy <= MAX_SHIFT_PX; dy++) {
      for (let dx = -MAX_SHIFT_PX; dx <= MAX_SHIFT_PX; dx++) {
        const c = this.cost(frame, reference, offset, dx, dy, COARSE_STRIDE);
        if (c < coarse.c) coarse = { x: dx, y: dy, c };
      }
    }
    let { x, y } = this.lastWhole;
    let best = cost(x, y);
    const fromCoarse = coarse.x === x && coarse.y === y ? best : cost(coarse.x, coarse.y);
    if (fromCoarse < best) [x, y, best] = [coarse.x, coarse.y, fromCoarse];
    for (let steps = 0; steps < 2 * MAX_SHIFT_PX; steps++) {
      let next: [number, number, number] | undefined;
      for (const [dx, dy] of NEIGHBOURS) {
        const nx = x + dx;
        const ny = y + dy;
        if (Math.abs(nx) > MAX_SHIFT_PX || Math.abs(ny) > MAX_SHIFT_PX) continue;
        const c = cost(nx, ny);
        if (c < best && (next === undefined || c < next[2])) next = [nx, ny, c];
      }
      if (next === undefined) break;
      [x, y, best] = next;
    }
    this.lastWhole = { x, y };
    const shift = this.refine(frame.content, offset, x, y);
    this.last = Math.hypot(shift.x, shift.y) < DEAD_BAND_PX ? { x: 0, y: 0 } : shift;
    return this.last;
  }

  get current(): Shift {
    return this.last;
  }

  reset(): void {
    this.last = { x: 0, y: 0 };
    this.lastWhole = { x: 0, y: 0 };
  }

  /**
   * The fraction of a pixel, by two Gauss-Newton steps of a gradient (Lucas-Kanade) fit around
   * the best whole shift: solve for the (u, v) that makes frame(x + shift + (u, v)) match the
   * background, pixels that differ by more than COST_CAP (an object, not sway) left out.
   */
  private refine(content: GreyFrame['content'], offset: number, wholeX: number, wholeY: number): Shift {
    const { x: cx, y: cy, width: cw, height: ch } = content;
    const img = this.frameSoft;
    const ref = this.referenceSoft;
    const w = this.width;
    const x0 = cx + MAX_SHIFT_PX + 2;
    const x1 = cx + cw - MAX_SHIFT_PX - 2;
    const y0 = cy + MAX_SHIFT_PX + 2;
    const y1 = Math.min(this.height, cy + ch) - MAX_SHIFT_PX - 2;
    let u = 0;
    let v = 0;
    for (let step = 0; step < 2; step++) {
      const sx = wholeX + u;
      const sy = wholeY + v;
      const ix = Math.floor(sx);
      const iy = Math.floor(sy);
      const fx = sx - ix;
      const fy = sy - iy;
      let gxx = 0;
      let gxy = 0;
      let gyy = 0;
      let bx = 0;
      let by = 0;
      for (let y = y0; y < y1; y += STRIDE) {
        for (let i = y * w + x0, end = y * w + x1; i < end; i += STRIDE) {
          const j = i + iy * w + ix;
          const top = img[j]! + fx * (img[j + 1]! - img[j]!);
          const bottom = img[j + w]! + fx * (img[j + w + 1]! - img[j + w]!);
          const e = top + fy * (bottom - top) - offset - ref[i]!;
          if (e > COST_CAP || e < -COST_CAP) continue;
          const gx = (img[j + 1]! - img[j - 1]! + img[j + w + 1]! - img[j + w - 1]!) / 4;
          const gy = (img[j + w]! - img[j - w]! + img[j + w + 1]! - img[j - w + 1]!) / 4;
          gxx += gx * gx;
          gxy += gx * gy;
          gyy += gy * gy;
          bx += gx * e;
          by += gy * e;
        }
      }
      const det = gxx * gyy - gxy * gxy;
      if (det <= 1e-6) break;
      u = Math.max(-1, Math.min(1, u - (gyy * bx - gxy * by) / det));
      v = Math.max(-1, Math.min(1, v - (gxx * by - gxy * bx) / det));
    }
    return { x: wholeX + u, y: wholeY + v };
  }

  /** 3x3 box blur of the content (separable: rows, then columns); the outermost pixels are copied. */
  private soften(src: ArrayLike<number>, content: GreyFrame['content'], out: Float32Array): void {
    const { x: cx, y: cy, width: cw, height: ch } = content;
    const w = this.width;
    const rows = this.rows;
    for (let y = cy; y < cy + ch; y++) {
      const row = y * w;
      rows[row + cx] = src[row + cx]!;
      rows[row + cx + cw - 1] = src[row + cx + cw - 1]!;
      for (let i = row + cx + 1, end = row + cx + cw - 1; i < end; i++) rows[i] = (src[i - 1]! + src[i]! + src[i + 1]!) / 3;
    }
    for (let x = cx; x < cx + cw; x++) {
      out[cy * w + x] = rows[cy * w + x]!;
      out[(cy + ch - 1) * w + x] = rows[(cy + ch - 1) * w + x]!;
    }
    for (let y = cy + 1; y < cy + ch - 1; y++) {
      for (let i = y * w + cx, end = i + cw; i < end; i++) out[i] = (rows[i - w]! + rows[i]! + rows[i + w]!) / 3;
    }
  }

  /** Mean capped |frame(x + dx, y + dy) - offset - reference(x, y)| over the grid inside the content, both softened. */
  private cost(frame: GreyFrame, _reference: Float32Array, offset: number, dx: number, dy: number, stride: number): number {
    const { x: cx, y: cy, width: cw, height: ch } = frame.content;
    const img = this.frameSoft;
    const reference = this.referenceSoft;
    const w = this.width;
    const x0 = cx + MAX_SHIFT_PX + 1;
    const x1 = cx + cw - MAX_SHIFT_PX - 1;
    const y0 = cy + MAX_SHIFT_PX + 1;
    const y1 = Math.min(this.height, cy + ch) - MAX_SHIFT_PX - 1;
    const delta = dy * w + dx;
    let sum = 0;
    let n = 0;
    for (let y = y0; y < y1; y += stride) {
      for (let i = y * w + x0, end = y * w + x1; i < end; i += stride) {
        const d = img[i + delta]! - offset - reference[i]!;
        sum += d < -COST_CAP ? COST_CAP : d > COST_CAP ? COST_CAP : d < 0 ? -d : d;
        n++;
      }
    }
    return n > 0 ? sum / n : 0;
  }
}

const NEIGHBOURS: readonly (readonly [number, number])[] = [
  [-1, 0],
  [1, 0],
  [0, -1],
  [0, 1],
  [-1, -1],
  [1, -1],
  [-1, 1],
  [1, 1],
];

/**
 * Writes `frame` shifted back into the reference's coordinates (bilinear): out(x, y) =
 * frame(x + shift.x, y + shift.y). Pixels whose source lies outside the content get `fallback`'s
 * value (the background: nothing new is seen there) and are flagged 0 in `valid`.
 */
export function warpInto(frame: GreyFrame, shift: Shift, out: Uint8Array, valid: Uint8Array, fallback: Float32Array, offset: number): void {
  const { x: cx, y: cy, width: cw, height: ch } = frame.content;
  const img = frame.data;
  const w = frame.width;
  const ix = Math.floor(shift.x);
  const iy = Math.floor(shift.y);
  const fx = shift.x - ix;
  const fy = shift.y - iy;
  const w00 = (1 - fx) * (1 - fy);
  const w10 = fx * (1 - fy);
  const w01 = (1 - fx) * fy;
  const w11 = fx * fy;
  for (let y = cy; y < cy + ch; y++) {
    const sy = y + iy;
    const rowOk = sy >= cy && sy + 1 < cy + ch;
    for (let x = cx, i = y * w + cx; x < cx + cw; x++, i++) {
      const sx = x + ix;
      if (!rowOk || sx < cx || sx + 1 >= cx + cw) {
        out[i] = Math.max(0, Math.min(255, fallback[i]! + offset));
        valid[i] = 0;
        continue;
      }
      const s = sy * w + sx;
      out[i] = w00 * img[s]! + w10 * img[s + 1]! + w01 * img[s + w]! + w11 * img[s + w + 1]! + 0.5;
      valid[i] = 1;
    }
  }
}
