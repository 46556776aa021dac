/**
 * One closed (fully written) file of the record stream's segment cache. Times are wall-clock ms,
 * in the same clock as ViolationEvent times; `startMs` is the time of the file's first video frame.
 */
export interface Segment {
  path: string;
  startMs: number;
  endMs: number;
}

/**
 * What evidence needs from the camera's segment cache. `segmentsBetween` returns only closed
 * segments that overlap [startMs, endMs], oldest first; the segment being written is not included
 * because a half-written file cannot be cut reliably.
 */
export interface SegmentSource {
  segmentsBetween(startMs: number, endMs: number): Promise<Segment[]>;
}
