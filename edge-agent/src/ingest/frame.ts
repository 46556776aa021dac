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

/** One decoded frame, already at the detector's input size. */
export interface Frame {
  cameraId: string;
  /** Per camera, strictly increasing from 0 for each source; restarts do not reset it. */
  seq: number;
  /** Milliseconds: wall clock for live cameras, media time (from 0) for files. */
  timestampMs: number;
  width: number;
  height: number;
  pixelFormat: 'bgr24' | 'rgb24';
  /** Packed HWC, width * height * 3 bytes. Owned by the consumer once yielded. */
  data: Uint8Array;
  letterbox: Letterbox;
}

/** Anything that yields frames: an ffmpeg-fed camera, a file, a test sequence. */
export interface FrameSource {
  readonly cameraId: string;
  frames(): AsyncIterable<Frame>;
  stop(): Promise<void>;
}
