import type { RuleConfig } from '../config/agent-config.schema.js';
import type { Box } from '../detect/detection.js';

export type RuleType = RuleConfig['type'];

/**
 * triggered: the grace time was exceeded (report it); renotified: the same stay is still going
 * after `renotifyMinutes` (report again); ended: the stay or episode is over (`endedAtMs` set),
 * which updates the earlier report.
 */
export type ViolationPhase = 'triggered' | 'renotified' | 'ended';

/** One update about one violation. All times are in the frame clock (`FrameDetections.timestampMs`). */
export interface ViolationEvent {
  phase: ViolationPhase;
  /** The same for every update of one stay or episode: `cameraId/zoneId/rule/n`. */
  key: string;
  rule: RuleType;
  cameraId: string;
  zoneId: string;
  /** Class names of the offending objects; `object` for a left object no class was found for. */
  classes: string[];
  /** Tracker ids of the objects involved (empty for a purely class-agnostic left object). */
  trackIds: number[];
  /** Detector scores (a contrast-based confidence for a class-agnostic left object). */
  scores: number[];
  /** When the stay began: the object stopped in the zone (or the schedule began). */
  startedAtMs: number;
  /** When the grace time was exceeded (for renotified: when the re-notification fell due). */
  triggeredAtMs: number;
  endedAtMs?: number;
  /** The offending object, or the union of a group's boxes. */
  bbox: Box;
  boxes: Box[];
}

export function violationKey(cameraId: string, zoneId: string, rule: RuleType, n: number): string {
  return `${cameraId}/${zoneId}/${rule}/${n}`;
}
