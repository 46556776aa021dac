import type { Box } from './detection.js';

/** A region of the camera picture in fractions (0..1): where ingest crops before letterboxing. */
export interface CropRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CropOptions {
  /** Source size in pixels, to align the crop to whole (even) pixels as ffmpeg's crop filter needs for yuv420. */
  srcWidth: number;
  srcHeight: number;
  /** Extra border around the zones, as a fraction of the zones' box size (objects overhang zones). */
  margin?: number;
  /** Never crop tighter than this many source pixels on a side: below the model size cropping gains nothing. */
  minSidePx?: number;
}

export interface PixelCrop {
  x: number;
  y: number;
  width: number;
  height: number;
}

const defaultMargin = 0.15;

/**
 * The crop for `camera.crop: zones`: the bounding box of all zone polygons, grown by a margin,
 * at least `minSidePx` on each side, aligned to even pixels and kept inside the frame. Returns
 * null when there are no zones or the crop would cover (nearly) the whole frame anyway.
 */
export function zoneCrop(polygons: readonly (readonly (readonly [number, number])[])[], options: CropOptions): { rect: CropRect; pixels: PixelCrop } | null {
  const points = polygons.flat();
  if (points.length === 0) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const margin = options.margin ?? defaultMargin;
  const [x0, x1] = grow(Math.min(...xs), Math.max(...xs), margin);
  const [y0, y1] = grow(Math.min(...ys), Math.max(...ys), margin);
  const minSide = options.minSidePx ?? 0;
  const [px, pw] = alignSpan(x0 * options.srcWidth, x1 * options.srcWidth, minSide, options.srcWidth);
  const [py, ph] = alignSpan(y0 * options.srcHeight, y1 * options.srcHeight, minSide, options.srcHeight);
  // Saving under ~10% of the pixels is not worth a crop filter and a second coordinate system.
  if (pw * ph >= 0.9 * options.srcWidth * options.srcHeight) return null;
  const pixels = { x: px, y: py, width: pw, height: ph };
  const rect = { x: px / options.srcWidth, y: py / options.srcHeight, width: pw / options.srcWidth, height: ph / options.srcHeight };
  return { rect, pixels };
}

function grow(lo: number, hi: number, margin: number): [number, number] {
  const pad = (hi - lo) * margin;
  return [Math.max(0, lo - pad), Math.min(1, hi + pad)];
}

/** Widens [lo, hi) to at least `minSide`, snaps to even pixels, and shifts it back inside [0, size). */
function alignSpan(lo: number, hi: number, minSide: number, size: number): [number, number] {
  let start = lo;
  let length = hi - lo;
  const wanted = Math.min(size, Math.max(length, minSide));
  start -= (wanted - length) / 2;
  length = wanted;
  let a = Math.floor(start / 2) * 2;
  let b = Math.ceil((start + length) / 2) * 2;
  if (b > size) {
    a -= b - size;
    b = size;
  }
  if (a < 0) {
    b = Math.min(size, b - a);
    a = 0;
  }
  const evenSize = Math.floor(size / 2) * 2;
  return [a, Math.min(b, evenSize) - a];
}

/** A box in fractions of the crop -> fractions of the whole camera picture. */
export function cropToFrame(box: Box, crop: CropRect): Box {
  return {
    x1: crop.x + box.x1 * crop.width,
    y1: crop.y + box.y1 * crop.height,
    x2: crop.x + box.x2 * crop.width,
    y2: crop.y + box.y2 * crop.height,
  };
}

/** The ffmpeg filter ingest puts before its scale/pad letterbox when a camera crops to its zones. */
export function ffmpegCropFilter(pixels: PixelCrop): string {
  return `crop=${pixels.width}:${pixels.height}:${pixels.x}:${pixels.y}`;
}
