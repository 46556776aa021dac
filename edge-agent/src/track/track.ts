import type { Box } from '../detect/detection.js';

/**
 * tentative: seen too few times to trust (most one-frame false detections die here);
 * confirmed: matched in the latest detected frame; lost: unmatched, kept alive for a while so an
 * occluded or missed object gets its id back.
 */
export type TrackState = 'tentative' | 'confirmed' | 'lost';

/** What the rules see of a track: a read-only snapshot after each frame. */
export interface TrackView {
  readonly id: number;
  readonly className: string;
  readonly classId: number;
  readonly state: TrackState;
  /** Last measured box (frame fractions): where the object was actually seen. */
  readonly box: Box;
  /** Score of the last matched detection. */
  readonly score: number;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly hits: number;
  readonly stationary: boolean;
  /** When the object stopped (estimated from the stationary window), while it is stationary. */
  readonly stationarySinceMs: number | undefined;
}
