import type { Segment } from './segment-source.js';

export interface TimeRange {
  startMs: number;
  endMs: number;
}

export interface ClipWindowInput {
  startedAtMs: number;
  triggeredAtMs: number;
  preSeconds: number;
  postSeconds: number;
  maxPartSeconds: number;
}

/**
 * The parts of the stream that make the clip: `[startedAt - pre, triggeredAt + post]`, or for a
 * long stay its start part and its trigger part, each at most `maxPartSeconds`, so that an
 * officer sees the vehicle arrive and still be there without an hour of footage.
 */
export function planClip(input: ClipWindowInput): TimeRange[] {
  const startMs = input.startedAtMs - input.preSeconds * 1000;
  const endMs = Math.max(input.triggeredAtMs, input.startedAtMs) + input.postSeconds * 1000;
  const maxPartMs = input.maxPartSeconds * 1000;
  if (endMs - startMs <= 2 * maxPartMs) return [{ startMs, endMs }];
  return [
    { startMs, endMs: startMs + maxPartMs },
    { startMs: endMs - maxPartMs, endMs },
  ];
}

/** Where the clip's window ends: the evidence waits until the cache has closed a segment past it. */
export function planEndMs(parts: readonly TimeRange[]): number {
  return parts.reduce((end, part) => Math.max(end, part.endMs), Number.NEGATIVE_INFINITY);
}

/** A piece of one segment file, as offsets in seconds from the file's first frame. */
export interface SegmentCut {
  path: string;
  /** Seconds into the file where the part begins; 0 = from the file's start. */
  fromSeconds: number;
  /** Seconds into the file where the part ends; undefined = to the file's end. */
  toSeconds?: number;
}

/** The cuts of the cache's segments that cover one part (what exists of it), oldest first. */
export function cutsForPart(part: TimeRange, segments: readonly Segment[]): SegmentCut[] {
  const overlapping = segments
    .filter((segment) => segment.endMs > part.startMs && segment.startMs < part.endMs)
    .sort((a, b) => a.startMs - b.startMs);
  return overlapping.map((segment) => {
    const fromSeconds = Math.max(0, part.startMs - segment.startMs) / 1000;
    const cut: SegmentCut = { path: segment.path, fromSeconds };
    if (part.endMs < segment.endMs) cut.toSeconds = (part.endMs - segment.startMs) / 1000;
    return cut;
  });
}

/** A stretch of footage as it lands in the clip: its wall-clock start and its length. */
export interface ClipPiece {
  wallStartMs: number;
  seconds: number;
}

/**
 * Where wall-clock `atMs` falls in a clip made of `pieces` (in clip order), in seconds from its
 * first frame. A moment in a gap between pieces (the middle of a long stay, a record-stream
 * drop) maps to the start of the next piece; one after the clip, to its end.
 */
export function clipSecondsAt(pieces: readonly ClipPiece[], atMs: number): number {
  let elapsed = 0;
  for (const piece of pieces) {
    if (atMs < piece.wallStartMs) return elapsed;
    const into = (atMs - piece.wallStartMs) / 1000;
    if (into <= piece.seconds) return elapsed + into;
    elapsed += piece.seconds;
  }
  return elapsed;
}

/** How much of the wanted window the available segments cover, in ms (gaps and missing ends excluded). */
export function coveredMs(parts: readonly TimeRange[], segments: readonly Segment[]): number {
  let total = 0;
  for (const part of parts) {
    for (const segment of segments) {
      const from = Math.max(part.startMs, segment.startMs);
      const to = Math.min(part.endMs, segment.endMs);
      if (to > from) total += to - from;
    }
  }
  return total;
}
