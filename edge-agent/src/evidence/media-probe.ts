import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { runMediaTool } from './media-tool.js';

export interface MediaFacts {
  sha256: string;
  bytes: number;
  durationSeconds?: number;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Container duration in seconds as ffprobe reports it; undefined when it has none (a JPEG). */
export async function probeDurationSeconds(path: string): Promise<number | undefined> {
  const { stdout } = await runMediaTool('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
  const value = Number.parseFloat(stdout.toString().trim());
  return Number.isFinite(value) ? value : undefined;
}

/** What the job records about a media file: digest, size and (for video) duration. */
export async function mediaFacts(path: string, options: { duration: boolean }): Promise<MediaFacts> {
  const [sha256, info] = await Promise.all([sha256File(path), stat(path)]);
  const facts: MediaFacts = { sha256, bytes: info.size };
  if (options.duration) {
    const duration = await probeDurationSeconds(path);
    if (duration !== undefined) facts.durationSeconds = duration;
  }
  return facts;
}

export interface VideoKeyframe {
  pts: number;
  dts: number;
}

/**
 * A segment's video timing in its own time base (MPEG-TS segments start at ~1.4 s, not 0, and
 * audio may start before video). The concat demuxer seeks and stops by DTS, so cuts are
 * expressed in DTS; positions in the picture are PTS.
 */
export interface SegmentTiming {
  /** PTS of the first video frame: wall-clock `Segment.startMs` maps here. */
  startTime: number;
  /** The container's start (the earliest stream), which `-ss` on the input counts from. */
  formatStartTime: number;
  /** PTS of the last video frame in presentation order. */
  lastPts: number;
  firstDts: number;
  /** DTS just past the last video packet (its DTS plus one frame). */
  endDts: number;
  keyframes: VideoKeyframe[];
}

/** Reads the segment's video packets (a few seconds' worth, cheap) to find its keyframes and span. */
export async function probeSegmentTiming(path: string): Promise<SegmentTiming> {
  const { stdout } = await runMediaTool('ffprobe', [
    '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'format=start_time:packet=pts_time,dts_time,flags', '-of', 'json', path,
  ]);
  const parsed = JSON.parse(stdout.toString()) as { packets?: { pts_time?: string; dts_time?: string; flags?: string }[]; format?: { start_time?: string } };
  const formatStart = Number.parseFloat(parsed.format?.start_time ?? '0');
  const formatStartTime = Number.isFinite(formatStart) ? formatStart : 0;
  const packets = (parsed.packets ?? [])
    .map((packet) => {
      const pts = Number.parseFloat(packet.pts_time ?? '');
      const dts = Number.parseFloat(packet.dts_time ?? packet.pts_time ?? '');
      return { pts, dts: Number.isFinite(dts) ? dts : pts, key: packet.flags?.startsWith('K') === true };
    })
    .filter((packet) => Number.isFinite(packet.pts));
  if (packets.length === 0) return { startTime: formatStartTime, lastPts: formatStartTime, formatStartTime, firstDts: formatStartTime, endDts: formatStartTime, keyframes: [] };
  const dtsList = packets.map((packet) => packet.dts).sort((a, b) => a - b);
  const steps = dtsList.slice(1).map((dts, index) => dts - (dtsList[index] ?? dts)).filter((step) => step > 0).sort((a, b) => a - b);
  const frame = steps[Math.floor(steps.length / 2)] ?? 0;
  return {
    startTime: Math.min(...packets.map((packet) => packet.pts)),
    lastPts: Math.max(...packets.map((packet) => packet.pts)),
    formatStartTime,
    firstDts: dtsList[0] ?? formatStartTime,
    endDts: (dtsList.at(-1) ?? formatStartTime) + frame,
    keyframes: packets.filter((packet) => packet.key).map(({ pts, dts }) => ({ pts, dts })).sort((a, b) => a.pts - b.pts),
  };
}
