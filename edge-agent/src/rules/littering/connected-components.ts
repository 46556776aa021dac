/*
 * 8-connected component labelling of a binary mask, two-pass with union-find. Every buffer is
 * allocated once for the picture size; a frame allocates nothing.
 */
export class ComponentLabeller {
  readonly labels: Int32Array;
  private readonly parent: Int32Array;
  readonly minX: Int32Array;
  readonly minY: Int32Array;
  readonly maxX: Int32Array;
  readonly maxY: Int32Array;
  readonly pixels: Int32Array;
  /** Labels 1..count are valid after `label`; a label's root is itself. */
  count = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    const n = width * height;
    this.labels = new Int32Array(n);
    // A checkerboard is the worst case: one provisional label per other pixel.
    const maxLabels = (n >> 1) + 2;
    this.parent = new Int32Array(maxLabels);
    this.minX = new Int32Array(maxLabels);
    this.minY = new Int32Array(maxLabels);
    this.maxX = new Int32Array(maxLabels);
    this.maxY = new Int32Array(maxLabels);
    this.pixels = new Int32Array(maxLabels);
  }

  private find(a: number): number {
    const parent = this.parent;
    while (parent[a]! !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  }

  private union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    const lo = ra < rb ? ra : rb;
    this.parent[ra === lo ? rb : ra] = lo;
    return lo;
  }

  /**
   * Labels the mask inside the rectangle; afterwards `labels` holds root labels and the stat
   * arrays hold each root's box and pixel count. Returns the number of provisional labels
   * (roots are those with parent === self and pixels > 0).
   */
  label(mask: Uint8Array, x0: number, y0: number, x1: number, y1: number): number {
    const { width, labels, parent } = this;
    let next = 1;
    for (let y = y0; y < y1; y++) {
      let i = y * width + x0;
      for (let x = x0; x < x1; x++, i++) {
        if (mask[i] === 0) {
          labels[i] = 0;
          continue;
        }
        let l = 0;
        if (y > y0) {
          const up = i - width;
          if (x > x0 && labels[up - 1]! > 0) l = labels[up - 1]!;
          if (labels[up]! > 0) l = l === 0 ? labels[up]! : this.union(l, labels[up]!);
          if (x + 1 < x1 && labels[up + 1]! > 0) l = l === 0 ? labels[up + 1]! : this.union(l, labels[up + 1]!);
        }
        if (x > x0 && labels[i - 1]! > 0) l = l === 0 ? labels[i - 1]! : this.union(l, labels[i - 1]!);
        if (l === 0 && next < parent.length) {
          l = next++;
          parent[l] = l;
        }
        labels[i] = l;
      }
    }
    this.count = next - 1;
    for (let l = 1; l < next; l++) {
      this.minX[l] = 1 << 30;
      this.minY[l] = 1 << 30;
      this.maxX[l] = -1;
      this.maxY[l] = -1;
      this.pixels[l] = 0;
    }
    for (let y = y0; y < y1; y++) {
      let i = y * width + x0;
      for (let x = x0; x < x1; x++, i++) {
        if (labels[i] === 0) continue;
        const r = this.find(labels[i]!);
        labels[i] = r;
        if (x < this.minX[r]!) this.minX[r] = x;
        if (x > this.maxX[r]!) this.maxX[r] = x;
        if (y < this.minY[r]!) this.minY[r] = y;
        if (y > this.maxY[r]!) this.maxY[r] = y;
        this.pixels[r] = this.pixels[r]! + 1;
      }
    }
    return this.count;
  }
}

export interface PixelRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Merges rectangles (inclusive pixel bounds) closer than `gap` pixels until none are. */
export function mergeNearRects(rects: PixelRect[], gap: number): PixelRect[] {
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let a = 0; a < rects.length; a++) {
      for (let b = a + 1; b < rects.length; b++) {
        const ra = rects[a]!;
        const rb = rects[b]!;
        if (ra.x0 - gap > rb.x1 || rb.x0 - gap > ra.x1 || ra.y0 - gap > rb.y1 || rb.y0 - gap > ra.y1) continue;
        rects[a] = { x0: Math.min(ra.x0, rb.x0), y0: Math.min(ra.y0, rb.y0), x1: Math.max(ra.x1, rb.x1), y1: Math.max(ra.y1, rb.y1) };
        rects.splice(b, 1);
        merged = true;
        break outer;
      }
    }
  }
  return rects;
}
