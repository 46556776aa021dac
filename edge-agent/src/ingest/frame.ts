import type { SegmentSource } from '../evidence/segment-source.js';

/**
 * How a letterboxed frame maps back to the camera's picture: ffmpeg scales the source by
 * `scale` to `contentWidth x contentHeight` and pads right/bottom up to the model size.
 */
export interface Letterbox {
  srcWidth: number;
  srcHeight: number;
  scale: number;
  contentWidth: number;
  contentHeight: number;
}

/**
 * How a frame's bytes are laid out. `gbrp` is planar (all green, then all blue, then all red,
 * ffmpeg's order): the detector's CHW tensor is then three plain plane copies instead of a
 * per-pixel shuffle. The packed formats stay for tools and tests.
 */
export type PixelFormat = 'bgr24' | 'rgb24' | 'gbrp';

/** One decoded frame, already at the detector's input size. */
export interface Frame {
  cameraId: string;
  /** Per camera, strictly increasing from 0 for each source; restarts do not reset it. */
  seq: number;
  /** Milliseconds: wall clock for live cameras, media time (from 0) for files. */
  timestampMs: number;
  width: number;
  height: number;
  pixelFormat: PixelFormat;
  /** width * height * 3 bytes in `pixelFormat`. Owned by the consumer once yielded. */
  data: Uint8Array;
  letterbox: Letterbox;
}

/** Anything that yields frames: an ffmpeg-fed camera, a file, a test sequence. */
export interface FrameSource {
  readonly cameraId: string;
  /**
   * The footage these frames came with (a live camera's record stream), where evidence clips
   * are cut; absent for a file read as fast as it decodes.
   */
  readonly recording?: SegmentSource | undefined;
  frames(): AsyncIterable<Frame>;
  stop(): Promise<void>;
}

/**
 * `source` with each reading of its frames passed through `iterate` (abort, retime...): the
 * wrapper keeps its camera, recording and stop.
 */
export function mapFrames(source: FrameSource, iterate: (inner: AsyncIterator<Frame>) => AsyncIterator<Frame>): FrameSource {
  return {
    cameraId: source.cameraId,
    recording: source.recording,
    stop: () => source.stop(),
    frames: () => ({ [Symbol.asyncIterator]: () => iterate(source.frames()[Symbol.asyncIterator]()) }),
  };
}
