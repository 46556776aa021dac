/**
 * Packed HWC uint8 -> planar CHW float32, times `scale`, into `out` (reused across frames, so a
 * frame costs no allocation). `swap` exchanges the first and third channel (bgr <-> rgb).
 * One flat loop with no per-pixel calls: this runs for every inferred frame.
 */
export function hwcToChw(src: Uint8Array, width: number, height: number, scale: number, swap: boolean, out: Float32Array): Float32Array {
  const plane = width * height;
  if (src.length < plane * 3) throw new RangeError(`frame has ${src.length} bytes, expected ${plane * 3} for ${width}x${height}x3`);
  if (out.length < plane * 3) throw new RangeError(`tensor buffer has ${out.length} floats, expected ${plane * 3}`);
  const first = swap ? 2 * plane : 0;
  const third = swap ? 0 : 2 * plane;
  if (scale === 1) {
    for (let p = 0, s = 0; p < plane; p++, s += 3) {
      out[first + p] = src[s]!;
      out[plane + p] = src[s + 1]!;
      out[third + p] = src[s + 2]!;
    }
  } else {
    for (let p = 0, s = 0; p < plane; p++, s += 3) {
      out[first + p] = src[s]! * scale;
      out[plane + p] = src[s + 1]! * scale;
      out[third + p] = src[s + 2]! * scale;
    }
  }
  return out;
}
