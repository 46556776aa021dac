/**
 * A small grey picture of one frame for the background model (littering). `content` is where
 * the camera picture lies inside it (letterbox padding outside is ignored); frame fractions map
 * to `content`.
 */
export interface GreyFrame {
  data: Uint8Array;
  width: number;
  height: number;
  content: { x: number; y: number; width: number; height: number };
}

/** The frame fields the thumbnail reads; `pixelFormat` absent means packed (BGR or RGB). */
export interface GreySource {
  data: Uint8Array;
  width: number;
  height: number;
  pixelFormat?: 'bgr24' | 'rgb24' | 'gbrp';
}

/**
 * Downscales the letterboxed detector input (packed BGR/RGB or planar gbrp) to a grey picture of
 * its content by averaging `factor x factor` blocks: 416 px wide content / 3 gives ~139 x 78 for
 * 16:9, small enough for a per-pixel model on many cameras, large enough for a bag at 10 m.
 * Writes into `out` (reuse it across frames; it must hold floor(cw/factor) * floor(ch/factor) bytes).
 * Channel weights are symmetric enough (0.3/0.6/0.1 vs 0.1/0.6/0.3) that BGR and RGB give nearly
 * the same grey; the model only compares a pixel with itself over time.
 */
export function greyThumbnail(frame: GreySource, content: { width: number; height: number }, factor: number, out: Uint8Array): GreyFrame {
  const { data: src, width: srcWidth } = frame;
  const w = Math.floor(content.width / factor);
  const h = Math.floor(content.height / factor);
  if (out.length < w * h) throw new RangeError(`grey buffer holds ${out.length} bytes, ${w * h} needed`);
  const planar = frame.pixelFormat === 'gbrp';
  const plane = srcWidth * frame.height;
  // Packed: channels are neighbours (step 1, pixel step 3). Planar: a plane apart (pixel step 1).
  const [first, second, third, step] = planar ? [plane, 0, 2 * plane, 1] : [0, 1, 2, 3];
  const norm = 1 / (factor * factor);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = ((y * factor + dy) * srcWidth + x * factor) * step;
        for (let dx = 0; dx < factor; dx++, i += step) {
          sum += ((src[i + first] ?? 0) + 2 * (src[i + second] ?? 0) + (src[i + third] ?? 0)) >> 2;
        }
      }
      out[y * w + x] = sum * norm;
    }
  }
  return { data: out, width: w, height: h, content: { x: 0, y: 0, width: w, height: h } };
}
