import sharp from 'sharp';

/** A box in frame fractions (0..1), as agents report them. */
export interface FractionBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Context around the object on each side, as a share of its larger side: enough to see where it stands. */
const MARGIN = 0.3;
/** The smallest crop, in pixels of the snapshot: a 30-pixel bag still shows its surroundings. */
const MIN_SIDE = 120;
/** Crops are 4:3, the shape of the queue's thumbnails. */
const ASPECT = 4 / 3;

/**
 * The part of a `width` x `height` picture that shows the object in `box` with some of its
 * surroundings: 4:3, at least MIN_SIDE pixels high, moved (not shrunk) to stay inside the picture.
 */
export function cropAround(box: FractionBox, width: number, height: number): PixelRect {
  const x1 = clamp(box.x1, 0, 1) * width;
  const x2 = clamp(box.x2, 0, 1) * width;
  const y1 = clamp(box.y1, 0, 1) * height;
  const y2 = clamp(box.y2, 0, 1) * height;
  const side = Math.max(x2 - x1, y2 - y1, 1);
  let cropHeight = Math.max(MIN_SIDE, y2 - y1 + 2 * MARGIN * side, (x2 - x1 + 2 * MARGIN * side) / ASPECT);
  let cropWidth = cropHeight * ASPECT;
  // A picture narrower than the crop (a portrait camera, a tiny test frame) bounds it.
  if (cropWidth > width) {
    cropWidth = width;
    cropHeight = Math.min(height, cropWidth / ASPECT);
  }
  if (cropHeight > height) {
    cropHeight = height;
    cropWidth = Math.min(width, cropHeight * ASPECT);
  }
  const left = clamp((x1 + x2) / 2 - cropWidth / 2, 0, width - cropWidth);
  const top = clamp((y1 + y2) / 2 - cropHeight / 2, 0, height - cropHeight);
  return { left: Math.round(left), top: Math.round(top), width: Math.max(1, Math.round(Math.min(cropWidth, width - Math.round(left)))), height: Math.max(1, Math.round(Math.min(cropHeight, height - Math.round(top)))) };
}

/** The object's crop of a snapshot as a JPEG at most `maxWidth` wide (never enlarged). */
export async function cropObject(jpeg: Buffer, box: FractionBox, maxWidth: number): Promise<Buffer> {
  const image = sharp(jpeg, { failOn: 'error' });
  const { width, height } = await image.metadata();
  if (!width || !height) throw new Error('the snapshot has no size');
  return image
    .extract(cropAround(box, width, height))
    .resize({ width: maxWidth, withoutEnlargement: true })
    .jpeg({ quality: 78, mozjpeg: false })
    .toBuffer();
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
