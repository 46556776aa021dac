import { rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { cutsForPart, type ClipPiece, type SegmentCut, type TimeRange } from './clip-plan.js';
import { probeSegmentTiming, type SegmentTiming, type VideoKeyframe } from './media-probe.js';
import { runMediaTool } from './media-tool.js';
import type { Segment } from './segment-source.js';

/** The cache holds nothing of the wanted window (record stream down, or already evicted). */
export class NoFootageError extends Error {
  override readonly name = 'NoFootageError';
}

/**
 * Cuts the clip from cached segments with the concat demuxer and `-c copy`: no re-encoding, so
 * an evidence clip costs a file copy, not a CPU core, and keeps the camera's original quality.
 * Each part starts on the keyframe at or before its start (stream copy can only start there;
 * the clip then begins slightly early, never late) and ends at its end. Returns the pieces of
 * footage the clip is made of, so moments can be placed on its timeline.
 */
export async function cutClip(parts: readonly TimeRange[], segments: readonly Segment[], outPath: string, options: { timeoutMs?: number; audio?: boolean } = {}): Promise<ClipPiece[]> {
  const cutLists = mergeSharedSegments(parts.map((part) => cutsForPart(part, segments)));
  const cuts = cutLists.flat();
  if (cuts.length === 0) throw new NoFootageError('the segment cache holds none of the clip window');
  const timings = new Map<string, SegmentTiming | undefined>();
  // A segment ffprobe cannot read (the newest one, cut short by a crash or a camera drop) is
  // left out: a clip missing a few seconds is evidence, a failed cut would lose the violation.
  const timing = async (path: string): Promise<SegmentTiming | undefined> => {
    if (!timings.has(path)) timings.set(path, await probeSegmentTiming(path).catch(() => undefined));
    return timings.get(path);
  };
  // Every file gets explicit in and out points on its video DTS: the demuxer otherwise times
  // files by their container span (audio included) and leaves jumps at each boundary.
  const lines = ['ffconcat version 1.0'];
  const pieces: ClipPiece[] = [];
  const startOf = new Map(segments.map((segment) => [segment.path, segment.startMs]));
  for (const list of cutLists) {
    for (const [index, cut] of list.entries()) {
      const t = await timing(cut.path);
      if (!t) continue;
      let inpoint = t.firstDts;
      // The presentation time of the first frame shown from this file: its wall-clock start.
      let shownFrom = t.startTime;
      if (index === 0 && cut.fromSeconds > 0) {
        const keyframe = keyframeAtOrBefore(t.keyframes, t.startTime + cut.fromSeconds);
        inpoint = keyframe?.dts ?? t.firstDts;
        shownFrom = keyframe?.pts ?? t.startTime;
      }
      let outpoint = t.endDts;
      if (index === list.length - 1 && cut.toSeconds !== undefined) {
        // The demuxer stops at the first packet whose DTS reaches the outpoint; DTS trails PTS by
        // the B-frame delay, so shift by it to keep the frames shown before the part's end.
        outpoint = Math.min(t.endDts, t.startTime + cut.toSeconds + (t.startTime - t.firstDts));
      }
      if (outpoint <= inpoint) continue;
      pieces.push({ wallStartMs: (startOf.get(cut.path) ?? 0) + (shownFrom - t.startTime) * 1000, seconds: outpoint - inpoint });
      // Absolute: the concat demuxer resolves a relative entry against the list's own folder.
      lines.push(`file ${quoteConcatPath(resolve(cut.path))}`, `inpoint ${inpoint.toFixed(6)}`, `outpoint ${outpoint.toFixed(6)}`);
    }
  }
  if (lines.length === 1) throw new NoFootageError('no readable segment covers the clip window');
  const listPath = `${outPath}.ffconcat`;
  await writeFile(listPath, `${lines.join('\n')}\n`);
  try {
    await runMediaTool(
      'ffmpeg',
      [
        '-hide_banner', '-nostdin', '-v', 'error', '-y',
        '-f', 'concat', '-safe', '0', '-i', listPath,
        // Sound only with evidence.audio (off by default: street audio is personal data nobody asked for).
        '-map', '0:v:0', ...(options.audio ? ['-map', '0:a:0?'] : []), '-c', 'copy',
        '-avoid_negative_ts', 'make_zero',
        '-movflags', '+faststart',
        '-f', 'mp4', outPath,
      ],
      options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
    );
  } finally {
    await rm(listPath, { force: true });
  }
  return pieces;
}

/**
 * Two parts that touch the same segment become one: cutting a file twice would replay its
 * frames from the shared keyframe and send the muxer backwards in time.
 */
function mergeSharedSegments(lists: SegmentCut[][]): SegmentCut[][] {
  const merged: SegmentCut[][] = [];
  for (const list of lists) {
    if (list.length === 0) continue;
    const previous = merged.at(-1);
    const first = list[0];
    if (previous && first && previous.some((cut) => cut.path === first.path)) {
      const lastPrev = previous.at(-1);
      const tail = list.filter((cut) => !previous.some((p) => p.path === cut.path));
      if (lastPrev && tail.length === 0) {
        const lastNew = list.at(-1);
        if (lastNew?.path === lastPrev.path) {
          if (lastNew.toSeconds === undefined) delete lastPrev.toSeconds;
          else lastPrev.toSeconds = Math.max(lastPrev.toSeconds ?? 0, lastNew.toSeconds);
        }
      } else if (lastPrev) {
        delete lastPrev.toSeconds;
        previous.push(...tail);
      }
      continue;
    }
    merged.push(list.map((cut) => ({ ...cut })));
  }
  return merged;
}

export function keyframeAtOrBefore(keyframes: readonly VideoKeyframe[], time: number): VideoKeyframe | undefined {
  let found: VideoKeyframe | undefined;
  // A millisecond of slack: pts_time is printed rounded, and a keyframe exactly at `time` must count.
  for (const keyframe of keyframes) if (keyframe.pts <= time + 0.001) found = keyframe;
  return found;
}

/** ffconcat quoting: single quotes, with a literal quote written as '\''. */
function quoteConcatPath(path: string): string {
  return `'${path.replace(/'/g, "'\\''")}'`;
}
