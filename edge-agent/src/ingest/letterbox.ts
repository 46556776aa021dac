import type { Letterbox, PixelFormat } from './frame.js';

/**
 * The letterbox ffmpeg produces with `scale=W:H:force_original_aspect_ratio=decrease` then
 * `pad=W:H:0:0`: the same rounding as ffmpeg (av_rescale, nearest), so fractions computed from
 * `contentWidth/contentHeight` land on the pixels ffmpeg actually drew.
 */
export function computeLetterbox(srcWidth: number, srcHeight: number, width: number, height: number): Letterbox {
  const contentWidth = Math.min(width, Math.round((height * srcWidth) / srcHeight));
  const contentHeight = Math.min(height, Math.round((width * srcHeight) / srcWidth));
  return { srcWidth, srcHeight, scale: Math.min(contentWidth / srcWidth, contentHeight / srcHeight), contentWidth, contentHeight };
}

/** The value of PAD_COLOR (0x727272) in each channel: ffmpeg pads after converting, so it is exact. */
const PAD_VALUE = 0x72;

interface RawFrame {
  data: Buffer;
  width: number;
  height: number;
  pixelFormat: PixelFormat;
}

/**
 * Whether a frame still has the letterbox it was measured with: the first padding row (or
 * column) is all padding and the last picture row (or column) is not. A camera whose picture
 * changes shape mid-stream (an installer switched its sub-stream from 640x480 to 640x360) keeps
 * sending frames of the model's size, scaled by ffmpeg without a word, but with the picture in
 * another place: every box would be mapped to the wrong spot of the scene.
 */
export function letterboxHolds(frame: RawFrame, box: Letterbox): boolean {
  const pad = padLines(frame);
  if (box.contentHeight < frame.height && !pad.row(box.contentHeight)) return false;
  if (box.contentWidth < frame.width && !pad.column(box.contentWidth)) return false;
  return !pad.row(box.contentHeight - 1) && !pad.column(box.contentWidth - 1);
}

/**
 * The letterbox a frame actually has, read off its pixels: the picture ends where the padding
 * starts. For a camera whose picture changed shape while ffmpeg still reports the size it started
 * with (the parameter sets changed in the stream, not in the SDP). The source keeps the width
 * `was` had and takes the measured shape; undefined when the frame is all padding.
 */
export function measureLetterbox(frame: RawFrame, was: Letterbox): Letterbox | undefined {
  const pad = padLines(frame);
  let contentHeight = frame.height;
  while (contentHeight > 0 && pad.row(contentHeight - 1)) contentHeight--;
  let contentWidth = frame.width;
  while (contentWidth > 0 && pad.column(contentWidth - 1, contentHeight)) contentWidth--;
  if (contentWidth === 0 || contentHeight === 0) return undefined;
  const srcWidth = was.srcWidth;
  const srcHeight = Math.round((srcWidth * contentHeight) / contentWidth);
  return { srcWidth, srcHeight, scale: Math.min(contentWidth / srcWidth, contentHeight / srcHeight), contentWidth, contentHeight };
}

/** Whether row `y` (or column `x`, down to row `rows`) is all padding, in planar (gbrp) or packed pixels. */
function padLines({ data, width, height, pixelFormat }: RawFrame): { row(y: number): boolean; column(x: number, rows?: number): boolean } {
  const plane = width * height;
  const at = pixelFormat === 'gbrp' ? (x: number, y: number, c: number) => c * plane + y * width + x : (x: number, y: number, c: number) => (y * width + x) * 3 + c;
  const isPad = (x: number, y: number) => data[at(x, y, 0)] === PAD_VALUE && data[at(x, y, 1)] === PAD_VALUE && data[at(x, y, 2)] === PAD_VALUE;
  return {
    row(y) {
      for (let x = 0; x < width; x++) if (!isPad(x, y)) return false;
      return true;
    },
    column(x, rows = height) {
      for (let y = 0; y < rows; y++) if (!isPad(x, y)) return false;
      return true;
    },
  };
}
