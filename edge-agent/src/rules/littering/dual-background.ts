import type { GreyFrame } from './grey-frame.js';
import type { Box } from '../../detect/detection.js';
import { markBoxes } from './box-mask.js';
import { ComponentLabeller, mergeNearRects, type PixelRect } from './connected-components.js';
import { GlobalShift, warpInto } from './global-shift.js';
import type { StaticBlob } from './static-blob.js';

/*
 * Dual background model for left objects (Porikli et al. 2008): a long-term model that learns
 * slowly and only from background pixels, and a short-term model that absorbs anything still
 * within seconds. A pixel that differs from the long-term model but not from the short-term one
 * is "recently static"; evidence of that accumulates over time (not under a person: a person
 * standing still is not an object, and an object's time starts when nobody stands over it), and connected regions with
 * enough evidence are static blobs, grown into the object's fainter parts that clear half the
 * threshold in the noise-free short-term model (at night a dark bag on dark pavement clears the
 * full threshold only in places). Thresholds follow each pixel's own noise, a global
 * brightness offset is removed before comparing with the long-term model, and blobs that look
 * like a lighting change or a ghost (something that left the long-term background) are healed
 * into the background instead of being reported. A camera that sways is followed: each frame is
 * shifted back onto the background before it is compared (see global-shift.ts), and the blobs
 * are reported where the object is in the frame.
 */

export interface BackgroundOptions {
  /** Time constant of the short-term model: a set-down object joins it within a few seconds. */
  shortTermSeconds: number;
  /** Time constant of the long-term model on background pixels (slow light drift). */
  longTermSeconds: number;
  /** Difference threshold in multiples of the pixel's mean absolute noise. */
  noiseFactor: number;
  /** Threshold floor in grey levels: below it compression noise and small shadows dominate. */
  minThreshold: number;
  /** Seconds of "recently static" evidence before a pixel belongs to a static blob. */
  confirmSeconds: number;
  /** At start both models learn fast and nothing is reported (the first frame may hold passers-by). */
  warmupSeconds: number;
  /** A static region older than this is absorbed into the background (it is scenery now). */
  maxStaticSeconds: number;
  /**
   * More than this share of pixels off the long-term model for `sceneChangeSeconds` is a scene
   * change (camera moved, lights switched): start over. Briefly, it is someone walking close to
   * the camera or auto exposure swinging with saturated areas, and the models must survive it.
   */
  sceneChangeFraction: number;
  sceneChangeSeconds: number;
  /** While more than this share is foreground the picture is unsettled and no evidence builds. */
  unsettledFraction: number;
  /** Smallest blob kept, as a share of the picture. */
  minAreaFraction: number;
}

export const defaultBackgroundOptions: BackgroundOptions = {
  shortTermSeconds: 1.5,
  longTermSeconds: 60,
  noiseFactor: 4,
  minThreshold: 14,
  confirmSeconds: 1,
  warmupSeconds: 3,
  maxStaticSeconds: 900,
  sceneChangeFraction: 0.5,
  sceneChangeSeconds: 5,
  unsettledFraction: 0.25,
  minAreaFraction: 0.0005,
};

// A gap longer than this (a stalled stream) must not make one frame overwrite the models.
const MAX_STEP_SECONDS = 2;
// Evidence drains this many times faster than it builds once the background shows again.
const EVIDENCE_DRAIN = 4;
// Share of a person box's size added around it: detector boxes cut off hands, carried bags, feet.
const PERSON_MARGIN = 0.05;
// Blobs closer than this many pixels are one object (a bag's handle, a shadowed fold).
const MERGE_GAP_PX = 2;

export class DualBackground {
  private readonly longTerm: Float32Array;
  private readonly shortTerm: Float32Array;
  private readonly noise: Float32Array;
  private readonly evidence: Float32Array;
  private readonly foregroundSince: Float64Array;
  private readonly staticMask: Uint8Array;
  /** The static mask grown into the object's fainter parts (see grow()). */
  private readonly objectMask: Uint8Array;
  private readonly queue: Int32Array;
  private readonly personMask: Uint8Array;
  private readonly labeller: ComponentLabeller;
  private readonly shift: GlobalShift;
  /** The last frame in the background's coordinates (the frame itself while the camera is still). */
  private readonly warped: Uint8Array;
  /** 1 where `warped` shows the picture, 0 where the shift moved the picture away (edges). */
  private readonly valid: Uint8Array;
  private image: Uint8Array | undefined;
  private readonly options: BackgroundOptions;
  private startedMs: number | undefined;
  private lastMs = 0;
  private last: GreyFrame | undefined;
  private offset = 0;
  private foregroundShare = 0;
  private sceneChangeSinceMs: number | undefined;
  private readonly histogram = new Int32Array(512);

  constructor(
    readonly width: number,
    readonly height: number,
    options: Partial<BackgroundOptions> = {},
  ) {
    this.options = { ...defaultBackgroundOptions, ...options };
    const n = width * height;
    this.longTerm = new Float32Array(n);
    this.shortTerm = new Float32Array(n);
    this.noise = new Float32Array(n);
    this.evidence = new Float32Array(n);
    this.foregroundSince = new Float64Array(n);
    this.staticMask = new Uint8Array(n);
    this.objectMask = new Uint8Array(n);
    this.queue = new Int32Array(n);
    this.personMask = new Uint8Array(n);
    this.labeller = new ComponentLabeller(width, height);
    this.shift = new GlobalShift(width, height);
    this.warped = new Uint8Array(n);
    this.valid = new Uint8Array(n).fill(1);
  }

  /**
   * Learns one frame. Frames must come in time order and have this model's size. `people` are
   * the person boxes (frame fractions) seen in it.
   */
  update(frame: GreyFrame, tMs: number, people: readonly Box[] = []): void {
    if (frame.width !== this.width || frame.height !== this.height) {
      throw new RangeError(`grey frame is ${frame.width}x${frame.height}, the model is ${this.width}x${this.height}`);
    }
    this.last = frame;
    this.image = frame.data;
    if (this.startedMs === undefined) {
      this.reset(frame, tMs);
      return;
    }
    const dt = Math.min(MAX_STEP_SECONDS, Math.max(0, (tMs - this.lastMs) / 1000));
    this.lastMs = tMs;
    if (dt === 0) return;
    const o = this.options;
    const warm = tMs - this.startedMs < o.warmupSeconds * 1000;
    const aS = 1 - Math.exp(-dt / o.shortTermSeconds);
    const aL = warm ? aS : 1 - Math.exp(-dt / o.longTermSeconds);
    const { x: cx, y: cy, width: cw, height: ch } = frame.content;
    const { longTerm: L, shortTerm: S, noise: N, evidence: E, foregroundSince: F, staticMask: M, personMask: P, valid: V } = this;
    const shift = this.shift.estimate(frame, L, this.offset);
    const still = shift.x === 0 && shift.y === 0;
    if (still) V.fill(1);
    else warpInto(frame, shift, this.warped, V, L, this.offset);
    const img = still ? frame.data : this.warped;
    this.image = img;
    const toReference = (b: Box): Box => ({ x1: b.x1 - shift.x / cw, y1: b.y1 - shift.y / ch, x2: b.x2 - shift.x / cw, y2: b.y2 - shift.y / ch });
    markBoxes(this.personMask, this.width, frame.content, still ? people : people.map(toReference), PERSON_MARGIN);

    // Global brightness offset (clouds, auto exposure): the median difference from the
    // long-term model, which holds while less than half the picture is foreground. A person
    // close to the camera can swing auto exposure by more than the threshold in one frame.
    const H = this.histogram;
    H.fill(0);
    for (let y = cy; y < cy + ch; y++) {
      for (let i = y * this.width + cx, end = i + cw; i < end; i++) H[(img[i]! - L[i]! + 255.5) | 0]!++;
    }
    let acc = 0;
    let bin = 0;
    for (const half = (cw * ch) / 2; bin < H.length - 1; bin++) {
      acc += H[bin]!;
      if (acc >= half) break;
    }
    this.offset = bin - 255;

    let foreground = 0;
    const settled = this.foregroundShare <= o.unsettledFraction;
    const maxStaticMs = o.maxStaticSeconds * 1000;
    for (let y = cy; y < cy + ch; y++) {
      for (let i = y * this.width + cx, end = i + cw; i < end; i++) {
        if (V[i] === 0) {
          // The sway moved this part of the background out of the picture: nothing seen, nothing learnt.
          M[i] = 0;
          continue;
        }
        const v = img[i]!;
        const thr = Math.max(o.minThreshold, o.noiseFactor * N[i]!);
        const dS = v - S[i]!;
        const dL = v - L[i]! - this.offset;
        const fgS = dS > thr || dS < -thr;
        const fgL = dL > thr || dL < -thr;
        if (!fgS) N[i] = N[i]! + aS * ((dS < 0 ? -dS : dS) - N[i]!);
        S[i] = S[i]! + aS * dS;
        // While warming up the long-term model learns fast, but only what holds still: a passer-by
        // learnt then would come back as a "left object" where they had walked (measured on the
        // eval's night copy, where such a ghost was too dim for the ghost test).
        if (!fgL || (warm && !fgS)) {
          L[i] = L[i]! + aL * (v - this.offset - L[i]!);
          E[i] = Math.max(0, E[i]! - EVIDENCE_DRAIN * dt);
          F[i] = Number.NaN;
          M[i] = 0;
          continue;
        }
        foreground++;
        if (P[i] === 1) {
          // Under a person: hold what is there; a new change is not an object (yet).
          M[i] = E[i]! >= o.confirmSeconds ? 1 : 0;
          continue;
        }
        if (Number.isNaN(F[i]!)) F[i] = tMs;
        // Something moving over a static pixel (a passer-by) neither adds nor removes evidence.
        if (!fgS && settled) E[i] = E[i]! + dt;
        if (tMs - F[i]! > maxStaticMs) {
          L[i] = v - this.offset;
          E[i] = 0;
          F[i] = Number.NaN;
        }
        M[i] = E[i]! >= o.confirmSeconds ? 1 : 0;
      }
    }
    this.foregroundShare = foreground / (cw * ch);
    if (this.foregroundShare <= o.sceneChangeFraction) this.sceneChangeSinceMs = undefined;
    else if (this.sceneChangeSinceMs === undefined) this.sceneChangeSinceMs = tMs;
    else if (tMs - this.sceneChangeSinceMs >= o.sceneChangeSeconds * 1000) this.reset(frame, tMs);
  }

  /** Static blobs of the last frame, in frame fractions; lighting changes and ghosts are healed. */
  blobs(): StaticBlob[] {
    const frame = this.last;
    const image = this.image;
    if (frame === undefined || image === undefined) return [];
    const { x: cx, y: cy, width: cw, height: ch } = frame.content;
    // Blobs are found in the background's coordinates and reported where they are in the frame.
    const { x: sx, y: sy } = this.shift.current;
    const lab = this.labeller;
    this.grow(cx, cy, cw, ch);
    lab.label(this.objectMask, cx, cy, cx + cw, cy + ch);
    const minPixels = Math.max(4, this.options.minAreaFraction * cw * ch);
    const rects: PixelRect[] = [];
    for (let l = 1; l <= lab.count; l++) {
      if (lab.pixels[l]! === 0 || lab.maxX[l]! < 0) continue;
      rects.push({ x0: lab.minX[l]!, y0: lab.minY[l]!, x1: lab.maxX[l]!, y1: lab.maxY[l]! });
    }
    const blobs: StaticBlob[] = [];
    for (const r of mergeNearRects(rects, MERGE_GAP_PX)) {
      const stats = this.measure(image, r);
      // Enough of it must be static on its own: a faint region alone is not an object.
      if (stats.seeds < minPixels) continue;
      if (stats.lightingLike || stats.ghostLike) {
        // Only a settled picture is a safe background; mid-swing it may hold a passer-by. Healed
        // whole, faint rim included, once most of it is static: judged on a few static pixels,
        // a person standing still the detector missed can pass for a shadow.
        if (this.foregroundShare <= this.options.unsettledFraction && 2 * stats.seeds >= stats.pixels) this.heal(image, r);
        continue;
      }
      blobs.push({
        box: { x1: (r.x0 + sx - cx) / cw, y1: (r.y0 + sy - cy) / ch, x2: (r.x1 + 1 + sx - cx) / cw, y2: (r.y1 + 1 + sy - cy) / ch },
        areaFraction: stats.pixels / (cw * ch),
        appearedAtMs: stats.appearedAtMs,
        contrast: stats.contrast,
      });
    }
    return blobs;
  }

  /**
   * Grows the static mask into the object's fainter parts: neighbouring pixels that hold still
   * and whose short-term model (per-frame noise averaged out) differs from the long-term one by
   * half the threshold. At night a dark bag on dark pavement clears the full threshold only in
   * places; its box must still cover all of it. The grown pixels gather no evidence of their
   * own: they only shape the blobs that static pixels already make.
   */
  private grow(cx: number, cy: number, cw: number, ch: number): void {
    const { staticMask: M, objectMask: G, queue: Q, shortTerm: S, longTerm: L, noise: N, valid: V, personMask: P } = this;
    const img = this.image!;
    const w = this.width;
    const o = this.options;
    const faint = o.minThreshold / 2;
    G.set(M);
    let tail = 0;
    for (let y = cy; y < cy + ch; y++) {
      for (let i = y * w + cx, end = i + cw; i < end; i++) if (M[i] === 1) Q[tail++] = i;
    }
    const neighbours = [0, 0, 0, 0];
    for (let head = 0; head < tail; head++) {
      const i = Q[head]!;
      const x = i % w;
      const y = (i - x) / w;
      neighbours[0] = x > cx ? i - 1 : -1;
      neighbours[1] = x + 1 < cx + cw ? i + 1 : -1;
      neighbours[2] = y > cy ? i - w : -1;
      neighbours[3] = y + 1 < cy + ch ? i + w : -1;
      for (const j of neighbours) {
        if (j < 0 || G[j] === 1 || V[j] === 0 || P[j] === 1) continue;
        // Where the background has an edge, a fraction of a pixel's sway or a codec's ringing
        // changes it by a share of that edge: no sign of an object.
        const here = L[j]!;
        const edge = Math.max(Math.abs((L[j + 1] ?? here) - (L[j - 1] ?? here)), Math.abs((L[j + w] ?? here) - (L[j - w] ?? here))) / 2;
        const d = S[j]! - here - this.offset;
        if (Math.abs(d) <= faint + edge / 2) continue;
        const still = img[j]! - S[j]!;
        const thr = Math.max(o.minThreshold, o.noiseFactor * N[j]!);
        if (still > thr || still < -thr) continue;
        // Behind someone walking away the short-term model still fades back to the background
        // while the frame already shows it: the frame lies on the far side of the model.
        if (still * d < 0 && 2 * Math.abs(still) > Math.abs(d)) continue;
        G[j] = 1;
        Q[tail++] = j;
      }
    }
  }

  private measure(img: Uint8Array, r: PixelRect) {
    const { longTerm: L, shortTerm: S, staticMask: M, objectMask: G, foregroundSince: F, personMask: P } = this;
    const w = this.width;
    let pixels = 0;
    let seeds = 0;
    let since = 0;
    let diff = 0;
    let ratioSum = 0;
    let ratioSq = 0;
    let edgeNow = 0;
    let edgeBack = 0;
    let outlineUnderPerson = false;
    // The picture's side of the outline is read from the short-term model: the blob is static, so
    // it holds the same picture, with the per-frame noise (night) averaged out of its edges.
    // A swaying frame was resampled, which softens its edges; the background's edges are
    // softened the same way before the two are compared, or every object would look like a ghost.
    const { x: sx, y: sy } = this.shift.current;
    const fx = sx - Math.floor(sx);
    const fy = sy - Math.floor(sy);
    const [k00, k10, k01, k11] = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy];
    const back = (j: number): number => k00 * L[j]! + k10 * (L[j + 1] ?? 0) + k01 * (L[j + w] ?? 0) + k11 * (L[j + w + 1] ?? 0);
    for (let y = r.y0; y <= r.y1; y++) {
      for (let x = r.x0, i = y * w + r.x0; x <= r.x1; x++, i++) {
        if (G[i] === 0) continue;
        pixels++;
        if (M[i] === 1) {
          // What it is made of is read where it clearly differs (a shadow's soft rim would
          // look like texture); where it is, from its whole outline (below).
          seeds++;
          since += F[i]!;
          const v = img[i]!;
          const b = L[i]! + this.offset;
          diff += Math.abs(v - b);
          const ratio = (v + 1) / (b + 1);
          ratioSum += ratio;
          ratioSq += ratio * ratio;
        }
        // The outline is the whole object's: a few static pixels in a faint object (a dark bag at
        // night that clears the threshold where it hides a bright stripe) have the stripe's
        // edges for an outline, and would pass for a ghost.
        const border = x === r.x0 || x === r.x1 || y === r.y0 || y === r.y1 || G[i - 1] === 0 || G[i + 1] === 0 || G[i - w] === 0 || G[i + w] === 0;
        if (border && x > 0 && y > 0 && x + 2 < w && y + 2 < this.height) {
          if (P[i - 1] === 1 || P[i + 1] === 1 || P[i - w] === 1 || P[i + w] === 1) outlineUnderPerson = true;
          edgeNow += Math.abs(S[i + 1]! - S[i - 1]!) + Math.abs(S[i + w]! - S[i - w]!);
          edgeBack += Math.abs(back(i + 1) - back(i - 1)) + Math.abs(back(i + w) - back(i - w));
        }
      }
    }
    const n = Math.max(1, seeds);
    const meanRatio = ratioSum / n;
    const cv = Math.sqrt(Math.max(0, ratioSq / n - meanRatio * meanRatio)) / meanRatio;
    const meanDiff = diff / n;
    return {
      pixels,
      seeds,
      appearedAtMs: since / n,
      contrast: Math.min(1, meanDiff / (4 * this.options.minThreshold)),
      // A shadow or a light patch scales the background evenly; an object replaces its texture.
      lightingLike: cv < 0.06 && meanRatio > 0.4 && meanRatio < 1.8,
      // A ghost's outline is in the old background, not in the picture: the object went away.
      // Only a whole outline tells: a bag still half under its owner's legs has no edge there.
      ghostLike: !outlineUnderPerson && edgeBack > 0 && edgeNow < 0.6 * edgeBack,
    };
  }

  private heal(img: Uint8Array, r: PixelRect): void {
    const w = this.width;
    for (let y = r.y0; y <= r.y1; y++) {
      for (let i = y * w + r.x0, end = y * w + r.x1; i <= end; i++) {
        if (this.objectMask[i] === 0) continue;
        this.longTerm[i] = img[i]! - this.offset;
        this.evidence[i] = 0;
        this.foregroundSince[i] = Number.NaN;
        this.staticMask[i] = 0;
        this.objectMask[i] = 0;
      }
    }
  }

  private reset(frame: GreyFrame, tMs: number): void {
    this.startedMs = tMs;
    this.shift.reset();
    this.image = frame.data;
    this.lastMs = tMs;
    this.offset = 0;
    this.foregroundShare = 0;
    this.sceneChangeSinceMs = undefined;
    for (let i = 0; i < frame.data.length; i++) {
      const v = frame.data[i]!;
      this.longTerm[i] = v;
      this.shortTerm[i] = v;
    }
    this.noise.fill(this.options.minThreshold / this.options.noiseFactor / 2);
    this.evidence.fill(0);
    this.foregroundSince.fill(Number.NaN);
    this.staticMask.fill(0);
  }
}
