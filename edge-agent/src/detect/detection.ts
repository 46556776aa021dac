/** An axis-aligned box in fractions of the camera frame (0..1), x1,y1 top-left. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** One object the detector found in one frame. */
export interface Detection {
  box: Box;
  score: number;
  classId: number;
  className: string;
}

/** The detector's answer for one frame of one camera. */
export interface FrameDetections {
  cameraId: string;
  seq: number;
  timestampMs: number;
  detections: Detection[];
  /** False when motion gating skipped the detector and `detections` were reused. */
  inferred: boolean;
  /**
   * The frame's own pixels, for a frame submitted with `keepPixels` (see DetectorPool.submit):
   * the subscriber that asked for them owns them from here, and gives their buffer back to
   * frameBuffers (the agent's one set, which the pool uses too) when done. Every subscriber sees
   * the result; only the one that submitted the frame may keep or give back its pixels.
   */
  pixels?: Uint8Array;
}
