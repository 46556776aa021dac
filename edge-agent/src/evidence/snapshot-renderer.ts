import sharp from 'sharp';
import type { Frame } from '../ingest/frame.js';
import { probeSegmentTiming } from './media-probe.js';
import { runMediaTool } from './media-tool.js';
import { overlaySvg, type OverlayInput } from './snapshot-overlay.js';
import type { Segment } from './segment-source.js';

/**
 * The frame at `atMs` from the cached segment that holds it, at the record stream's full
 * resolution (the detector's frame is letterboxed down to model size). PNG, lossless, so the
 * JPEG is encoded once.
 */
export async function grabSegmentFrame(segment: Segment, atMs: number, options: { timeoutMs?: number } = {}): Promise<Buffer> {
  const offsetSeconds = Math.max(0, atMs - segment.startMs) / 1000;
  // Input seeking in MPEG-TS can land past the wanted keyframe and return nothing, so the
  // segment (a few seconds) is decoded from its start and the frame picked by its own PTS.
  const timing = await probeSegmentTiming(segment.path);
  const target = Math.min(timing.startTime + offsetSeconds, timing.lastPts);
  const { stdout } = await runMediaTool(
    'ffmpeg',
    [
      '-hide_banner', '-nostdin', '-v', 'error', '-copyts', '-i', segment.path, '-map', '0:v:0',
      // A millisecond early so that a frame exactly at the target is not skipped by rounding.
      '-vf', `select=gte(t\\,${(target - 0.001).toFixed(6)})`, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', '-',
    ],
    options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
  );
  if (stdout.length === 0) throw new Error(`no frame at ${offsetSeconds.toFixed(3)} s in the segment`);
  return stdout;
}

/**
 * Fallback when the cache has no segment at the trigger: the detector's own frame, with the
 * letterbox padding cut off and scaled back to the camera's aspect ratio. Lower resolution, but
 * a snapshot of the right moment beats no snapshot.
 */
export async function frameToPng(frame: Frame): Promise<Buffer> {
  const rgb = frame.pixelFormat === 'gbrp' ? planarToRgb(frame.data, frame.width * frame.height) : Buffer.from(frame.data);
  if (frame.pixelFormat === 'bgr24') {
    for (let i = 0; i + 2 < rgb.length; i += 3) {
      const blue = rgb[i] ?? 0;
      rgb[i] = rgb[i + 2] ?? 0;
      rgb[i + 2] = blue;
    }
  }
  const { contentWidth, contentHeight, srcWidth, srcHeight } = frame.letterbox;
  return sharp(rgb, { raw: { width: frame.width, height: frame.height, channels: 3 } })
    .extract({ left: 0, top: 0, width: Math.min(contentWidth, frame.width), height: Math.min(contentHeight, frame.height) })
    .resize(srcWidth, srcHeight, { fit: 'fill' })
    .png()
    .toBuffer();
}

/** ffmpeg's planar gbrp (green, blue, red planes) -> packed RGB, for sharp. */
function planarToRgb(data: Uint8Array, plane: number): Buffer {
  const rgb = Buffer.allocUnsafe(plane * 3);
  for (let p = 0, o = 0; p < plane; p++, o += 3) {
    rgb[o] = data[2 * plane + p] ?? 0;
    rgb[o + 1] = data[p] ?? 0;
    rgb[o + 2] = data[plane + p] ?? 0;
  }
  return rgb;
}

/** Draws the zone, boxes and caption over the still and writes a JPEG to `outPath`. */
export async function renderSnapshot(image: Buffer, drawing: Omit<OverlayInput, 'width' | 'height'>, outPath: string): Promise<{ width: number; height: number }> {
  const meta = await sharp(image).metadata();
  const width = meta.width;
  const height = meta.height;
  if (!width || !height) throw new Error('the still has no dimensions');
  const svg = overlaySvg({ ...drawing, width, height });
  await sharp(image)
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    // 85: plates and faces stay legible at about a tenth of the PNG's size.
    .jpeg({ quality: 85, mozjpeg: false })
    .toFile(outPath);
  return { width, height };
}
