import type { Frame } from '../ingest/frame.js';

export interface MotionGateOptions {
  enabled: boolean;
  /** Fraction of grey cells that must change for the frame to count as motion. */
  threshold: number;
  /** A full detection at least this often, so parked cars and left bags stay tracked. */
  forceDetectSeconds: number;
  /** Grey levels (0-255) a cell must move by to count as changed; above sensor noise and compression flicker. */
  pixelDelta?: number;
  /** Side of the square of model pixels averaged into one grey cell. */
  cell?: number;
  /**
   * Where in the forced-detection period this camera's forced detections fall, 0 to 1 (default
   * 0): the first comes `(1 - phase) x forceDetectSeconds` after the first frame. A site's
   * cameras start together; with one phase their forced detections would stay in step and reach
   * the detector all in the same frame interval, every period.
   */
  phase?: number;
}

export type GateReason = 'disabled' | 'first' | 'motion' | 'forced' | 'still';

export interface GateDecision {
  detect: boolean;
  reason: GateReason;
  /** Share of cells that differ from the frame the current detections came from. */
  changedFraction: number;
}

export type GateFrame = Pick<Frame, 'width' | 'height' | 'data' | 'letterbox' | 'timestampMs'> & Partial<Pick<Frame, 'pixelFormat'>>;

// 4x4 model pixels per cell: a 416 model frame becomes ~104x104 cells, enough to see a walking
// person at the far side of a street while averaging away per-pixel H.264 noise.
const defaultCell = 4;
const defaultPixelDelta = 20;

/**
 * Decides per frame whether the detector must run. It compares the frame with the last frame
 * that was sent to the detector (not with the previous frame), so slow changes accumulate until
 * they trigger, and a skipped frame can only reuse detections of a picture that looks the same.
 * Pure: the clock is the frame's own timestamp.
 */
export class MotionGate {
  private reference: Float32Array | null = null;
  private grey: Float32Array = new Float32Array(0);
  private lastGrey: Float32Array = new Float32Array(0);
  private counts: Float32Array = new Float32Array(0);
  private cellOfColumn: Uint16Array = new Uint16Array(0);
  private layoutKey = '';
  private gridWidth = 0;
  private gridHeight = 0;
  private lastDetectMs = 0;
  private readonly cell: number;
  private readonly pixelDelta: number;

  constructor(private readonly options: MotionGateOptions) {
    this.cell = options.cell ?? defaultCell;
    this.pixelDelta = options.pixelDelta ?? defaultPixelDelta;
  }

  /** A copy of the block-averaged grey cells of the last frame checked (row-major, content area only). */
  lastGreyCells(): Float32Array {
    return Float32Array.from(this.lastGrey);
  }

  check(frame: GateFrame): GateDecision {
    if (!this.options.enabled) return { detect: true, reason: 'disabled', changedFraction: 1 };
    const fresh = this.prepare(frame);
    this.computeGrey(frame);
    this.lastGrey = this.grey;
    if (fresh || !this.reference) {
      const first = this.accept(frame, 'first', 1);
      this.lastDetectMs -= Math.min(1, Math.max(0, this.options.phase ?? 0)) * this.options.forceDetectSeconds * 1000;
      return first;
    }
    const changedFraction = this.changedFraction(this.reference);
    if (changedFraction >= this.options.threshold) return this.accept(frame, 'motion', changedFraction);
    const elapsed = frame.timestampMs - this.lastDetectMs;
    // A timestamp that goes back (a looped file, a clock step) must not postpone detection forever.
    if (elapsed < 0 || elapsed >= this.options.forceDetectSeconds * 1000) return this.accept(frame, 'forced', changedFraction);
    return { detect: false, reason: 'still', changedFraction };
  }

  private accept(frame: GateFrame, reason: GateReason, changedFraction: number): GateDecision {
    const previous = this.reference;
    this.reference = this.grey;
    this.grey = previous && previous.length === this.grey.length ? previous : new Float32Array(this.grey.length);
    this.lastDetectMs = frame.timestampMs;
    return { detect: true, reason, changedFraction };
  }

  /** Sizes the buffers for this frame's content area; true when the layout changed. */
  private prepare(frame: GateFrame): boolean {
    const cw = Math.min(frame.width, frame.letterbox.contentWidth);
    const ch = Math.min(frame.height, frame.letterbox.contentHeight);
    const key = `${frame.width}x${frame.height}:${cw}x${ch}`;
    if (key === this.layoutKey) return false;
    this.layoutKey = key;
    this.gridWidth = Math.ceil(cw / this.cell);
    this.gridHeight = Math.ceil(ch / this.cell);
    const cells = this.gridWidth * this.gridHeight;
    this.grey = new Float32Array(cells);
    this.reference = null;
    this.cellOfColumn = new Uint16Array(cw);
    for (let x = 0; x < cw; x++) this.cellOfColumn[x] = Math.floor(x / this.cell);
    this.counts = new Float32Array(cells);
    for (let y = 0; y < ch; y++) {
      const row = Math.floor(y / this.cell) * this.gridWidth;
      for (let x = 0; x < cw; x++) this.counts[row + this.cellOfColumn[x]!]! += 4;
    }
    return true;
  }

  /** Block-averaged luma approximation (b + 2g + r) / 4 over the content area only, ignoring the padding. */
  private computeGrey(frame: GateFrame): void {
    const grey = this.grey;
    grey.fill(0);
    const data = frame.data;
    const columns = this.cellOfColumn;
    const cw = columns.length;
    const ch = this.gridHeight === 0 ? 0 : Math.min(frame.height, frame.letterbox.contentHeight);
    if (frame.pixelFormat === 'gbrp') {
      if (!this.greyPlanarWords(frame, ch)) {
        // Planes g, b, r: the same b + 2g + r from three rows that lie a plane apart.
        const plane = frame.width * frame.height;
        for (let y = 0; y < ch; y++) {
          const row = Math.floor(y / this.cell) * this.gridWidth;
          let s = y * frame.width;
          for (let x = 0; x < cw; x++, s++) grey[row + columns[x]!]! += 2 * data[s]! + data[s + plane]! + data[s + 2 * plane]!;
        }
      }
    } else {
      const stride = frame.width * 3;
      for (let y = 0; y < ch; y++) {
        const row = Math.floor(y / this.cell) * this.gridWidth;
        let s = y * stride;
        for (let x = 0; x < cw; x++, s += 3) grey[row + columns[x]!]! += data[s]! + 2 * data[s + 1]! + data[s + 2]!;
      }
    }
    const counts = this.counts;
    for (let i = 0; i < grey.length; i++) grey[i] = grey[i]! / counts[i]!;
  }

  /**
   * The planar sum four pixels at a time: one 32-bit load per plane brings four bytes, added
   * lane-wise (two bytes per 16-bit lane, at most 4 x 255 per lane for 2g + b + r) and folded once
   * per word. A quarter of the loads and one cell update per four pixels instead of one per pixel:
   * the per-pixel loop cost the main thread ~2 ms a frame on the project VM, a third of a core at
   * 32 cameras. Needs a cell of a multiple of 4 pixels, a width that is a multiple of 4 and an
   * aligned buffer (the frame pool's are); otherwise false and the caller adds pixel by pixel.
   */
  private greyPlanarWords(frame: GateFrame, contentRows: number): boolean {
    const data = frame.data;
    if (this.cell % 4 !== 0 || frame.width % 4 !== 0 || data.byteOffset % 4 !== 0) return false;
    const grey = this.grey;
    const words = new Uint32Array(data.buffer, data.byteOffset, (frame.width * frame.height * 3) >>> 2);
    const rowWords = frame.width >>> 2;
    const plane = rowWords * frame.height;
    const cw = this.cellOfColumn.length;
    const fullWords = cw >>> 2;
    const wordsPerCell = this.cell >>> 2;
    for (let y = 0; y < contentRows; y++) {
      const row = Math.floor(y / this.cell) * this.gridWidth;
      let w = y * rowWords;
      for (let i = 0; i < fullWords; i++, w++) {
        const g = words[w]!;
        const b = words[w + plane]!;
        const r = words[w + 2 * plane]!;
        const even = ((g & 0x00ff00ff) << 1) + (b & 0x00ff00ff) + (r & 0x00ff00ff);
        const odd = (((g >>> 8) & 0x00ff00ff) << 1) + ((b >>> 8) & 0x00ff00ff) + ((r >>> 8) & 0x00ff00ff);
        const lanes = even + odd;
        grey[row + ((i / wordsPerCell) | 0)]! += (lanes & 0xffff) + (lanes >>> 16);
      }
      // Content columns past the last whole word (a content width that is not a multiple of 4).
      const base = y * frame.width;
      for (let x = fullWords << 2; x < cw; x++) {
        const s = base + x;
        grey[row + this.cellOfColumn[x]!]! += 2 * data[s]! + data[s + 4 * plane]! + data[s + 8 * plane]!;
      }
    }
    return true;
  }

  private changedFraction(reference: Float32Array): number {
    const grey = this.grey;
    const delta = this.pixelDelta;
    let changed = 0;
    for (let i = 0; i < grey.length; i++) {
      const d = grey[i]! - reference[i]!;
      if (d > delta || d < -delta) changed++;
    }
    return grey.length === 0 ? 0 : changed / grey.length;
  }
}
