import type { ViolationDetail } from '../api/types.js';

export type ClipMarks = NonNullable<NonNullable<ViolationDetail['clip']>['marks']>;

/** How long before the trigger the clip opens: enough to see the moment coming. */
export const LEAD_SECONDS = 3;

/** Where the clip opens: a few seconds before the trigger, or at its start without marks. */
export function openingSeconds(marks: ClipMarks | null | undefined): number {
  return marks ? Math.max(0, marks.triggeredSeconds - LEAD_SECONDS) : 0;
}

/** `m:ss` of a position in the clip. */
export function clipClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** Where "go to the trigger" lands: a second before it, so the moment itself is seen. */
export function triggerViewSeconds(marks: ClipMarks): number {
  return Math.max(0, marks.triggeredSeconds - 1);
}

/** Moves the clip to `seconds`, kept inside it. */
export function seekVideo(video: HTMLVideoElement | null, seconds: number): void {
  if (video) video.currentTime = Math.max(0, Math.min(seconds, Number.isFinite(video.duration) ? video.duration : seconds));
}
