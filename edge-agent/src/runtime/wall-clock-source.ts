import type { Clock } from '../ingest/clock.js';
import { mapFrames, type Frame, type FrameSource } from '../ingest/frame.js';

/*
 * A file camera that lags the wall clock by more than this was restarted or stalled (its media
 * time kept counting from where it was while real time went on): its frames are re-anchored to
 * now. Smaller lags are pipe and queue latency and must not move timestamps, or evidence windows
 * would wander against the segment cache, which is stamped in wall time.
 */
const REANCHOR_LAG_MS = 2_000;

/**
 * A demo camera playing a file stamps its frames in media time (from 0) while its record
 * segments carry wall-clock times. Violation times must agree with the segments to cut the
 * right clip, so this maps each frame's media time to the wall time it was shown at: the offset
 * is set at the first frame and only ever grows, which keeps timestamps in order.
 */
export function wallClockSource(source: FrameSource, clock: Clock): FrameSource {
  let offsetMs: number | undefined;
  const toWall = (frame: Frame): Frame => {
    const now = clock.now();
    if (offsetMs === undefined || now - (frame.timestampMs + offsetMs) > REANCHOR_LAG_MS) offsetMs = now - frame.timestampMs;
    return { ...frame, timestampMs: frame.timestampMs + offsetMs };
  };
  return mapFrames(source, (inner) => ({
    next: async () => {
      const result = await inner.next();
      return result.done ? result : { value: toWall(result.value), done: false };
    },
    return: async () => (await inner.return?.()) ?? { value: undefined, done: true },
  }));
}
