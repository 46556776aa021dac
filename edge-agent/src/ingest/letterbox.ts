import type { Letterbox } from './frame.js';

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
