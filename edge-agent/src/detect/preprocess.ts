import type { PixelFormat } from '../ingest/frame.js';

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

/** Where each of ffmpeg's gbrp planes sits: green first, then blue, then red. */
const GBRP_PLANE = { g: 0, b: 1, r: 2 } as const;

/**
 * Planar gbrp uint8 -> planar CHW float32 in the model's channel order, times `scale`. Each
 * channel is one typed-array copy (`Float32Array#set` converts natively), about ten times faster
 * than the packed shuffle above.
 */
export function planarToChw(src: Uint8Array, width: number, height: number, scale: number, channelOrder: 'bgr' | 'rgb', out: Float32Array): Float32Array {
  const plane = width * height;
  if (src.length < plane * 3) throw new RangeError(`frame has ${src.length} bytes, expected ${plane * 3} for ${width}x${height}x3`);
  if (out.length < plane * 3) throw new RangeError(`tensor buffer has ${out.length} floats, expected ${plane * 3}`);
  const order = channelOrder === 'bgr' ? [GBRP_PLANE.b, GBRP_PLANE.g, GBRP_PLANE.r] : [GBRP_PLANE.r, GBRP_PLANE.g, GBRP_PLANE.b];
  order.forEach((from, to) => {
    const target = out.subarray(to * plane, (to + 1) * plane);
    target.set(src.subarray(from * plane, (from + 1) * plane));
    if (scale !== 1) for (let i = 0; i < plane; i++) target[i] = target[i]! * scale;
  });
  return out;
}

/** Any frame layout -> the model's CHW float32 tensor, into the reused `out`. */
export function frameToChw(src: Uint8Array, pixelFormat: PixelFormat, width: number, height: number, scale: number, channelOrder: 'bgr' | 'rgb', out: Float32Array): Float32Array {
  if (pixelFormat === 'gbrp') return planarToChw(src, width, height, scale, channelOrder, out);
  return hwcToChw(src, width, height, scale, (pixelFormat === 'bgr24') !== (channelOrder === 'bgr'), out);
}
