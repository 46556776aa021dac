import type { Detection } from '../detect/detection.js';
import type { TrackView } from '../track/track.js';
import type { StaticBlob } from './littering/static-blob.js';
import type { RuleType, ViolationEvent } from './violation-event.js';

/** Everything a rule sees of one frame. */
export interface RuleFrame {
  /** Frame clock, milliseconds. */
  nowMs: number;
  /** Since when (frame clock) the zone's schedule has been on; undefined while it is off. */
  activeSinceMs: number | undefined;
  tracks: readonly TrackView[];
  /** This frame's detections (the same as the last detected frame's under motion gating). */
  detections: readonly Detection[];
  /** Static foreground blobs, when the camera has a background model (littering zones). */
  blobs: readonly StaticBlob[];
  /** Width / height of the camera picture, to measure distances in one unit. */
  aspect: number;
}

/** One rule of one zone, with its own state across frames. */
export interface ZoneRule {
  readonly type: RuleType;
  readonly zoneId: string;
  update(frame: RuleFrame): ViolationEvent[];
  /**
   * The input is over (end of a file): close what is known to be over, i.e. whatever was not
   * seen for FINISH_UNSEEN_SECONDS before the end; what is still in view keeps no end time.
   */
  finish(nowMs: number): ViolationEvent[];
}

/** Unseen this long at the end of a file means gone (longer than a few missed detections). */
export const FINISH_UNSEEN_SECONDS = 2;

/**
 * No frames at all for longer than this is a gap in the input (a camera reconnecting), not a slow
 * detector or motion gating, which still deliver a frame every second or so. Nothing is known of
 * what happened during a gap: an object seen before it has not been seen to leave.
 */
export const FRAME_GAP_SECONDS = 5;
