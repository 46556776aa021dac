import { spawnSync } from 'node:child_process';
import type { GreyFrame } from '../../src/rules/littering/grey-frame.js';

/**
 * Decodes a real clip with ffmpeg to small grey pictures at `fps`, the same frame timing as the
 * recorded detections (ffmpeg's fps filter, frame i at i / fps seconds).
 */
export function decodeGrey(path: string, fps: number, width: number, height: number): GreyFrame[] {
  const result = spawnSync('ffmpeg', ['-loglevel', 'error', '-i', path, '-vf', `fps=${fps},scale=${width}:${height},format=gray`, '-f', 'rawvideo', '-'], {
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`ffmpeg failed on ${path}: ${result.stderr.toString()}`);
  const size = width * height;
  const frames: GreyFrame[] = [];
  for (let off = 0; off + size <= result.stdout.length; off += size) {
    frames.push({ data: new Uint8Array(result.stdout.subarray(off, off + size)), width, height, content: { x: 0, y: 0, width, height } });
  }
  return frames;
}
