import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Segment, SegmentSource } from '../../src/evidence/segment-source.js';
import { sharedDir } from '../../src/paths.js';

const run = promisify(execFile);

export const FIXTURE = 'lot-drive-through.mp4';
/** The fixture's size: the snapshot must come out at the record stream's full resolution. */
export const FIXTURE_WIDTH = 768;
export const FIXTURE_HEIGHT = 432;

/** Pixels per second of the clock square burnt into the test camera's top strip. */
const CLOCK_PX_PER_SECOND = 24;
const CLOCK_SQUARE = 8;

/**
 * A segment cache like the agent's: the fixture, given a camera-like keyframe every ~1 s (the
 * file itself has one every 4.8 s) and a clock (a white square moving along a black strip at the
 * top, so any decoded frame says which second it is), then split with `-f segment -c copy` into
 * MPEG-TS files of `segmentSeconds`. Segment times are placed on the wall clock from `baseMs`.
 */
export async function buildSegmentCache(dir: string, options: { baseMs: number; segmentSeconds?: number }): Promise<Segment[]> {
  const camera = join(dir, 'camera.mp4');
  await run('ffmpeg', [
    '-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', join(sharedDir(), 'fixtures', FIXTURE),
    '-f', 'lavfi', '-i', `color=c=white:s=${CLOCK_SQUARE}x${CLOCK_SQUARE}:r=12.5`,
    '-filter_complex', `[0:v]drawbox=x=0:y=0:w=iw:h=16:color=black:t=fill[bg];[bg][1:v]overlay=x='t*${CLOCK_PX_PER_SECOND}':y=4:shortest=1[v]`,
    '-map', '[v]', '-map', '0:a', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '12', '-keyint_min', '12', '-sc_threshold', '0', '-c:a', 'copy', camera,
  ]);
  const list = join(dir, 'segments.csv');
  await run('ffmpeg', [
    '-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', camera, '-map', '0', '-c', 'copy',
    '-f', 'segment', '-segment_time', String(options.segmentSeconds ?? 4), '-segment_format', 'mpegts',
    '-segment_list', list, '-segment_list_type', 'csv', join(dir, 'seg-%03d.ts'),
  ]);
  const rows = (await readFile(list, 'utf8')).trim().split('\n');
  return rows.map((row) => {
    const [file, start, end] = row.split(',');
    return { path: join(dir, file ?? ''), startMs: options.baseMs + Number(start) * 1000, endMs: options.baseMs + Number(end) * 1000 };
  });
}

/** Serves the given segments; `closedUntilMs` hides segments still "being written" past it. */
export class FixtureSegmentSource implements SegmentSource {
  closedUntilMs = Number.POSITIVE_INFINITY;
  calls = 0;

  constructor(private readonly segments: readonly Segment[]) {}

  async segmentsBetween(startMs: number, endMs: number): Promise<Segment[]> {
    this.calls += 1;
    return this.segments.filter((segment) => segment.endMs <= this.closedUntilMs && segment.endMs > startMs && segment.startMs < endMs);
  }
}

export interface ProbedClip {
  durationSeconds: number;
  videoStreams: number;
  audioStreams: number;
  codec: string;
  width: number;
  height: number;
}

export async function probeClip(path: string): Promise<ProbedClip> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name,width,height', '-of', 'json', path]);
  const parsed = JSON.parse(stdout) as { format: { duration: string }; streams: { codec_type: string; codec_name: string; width?: number; height?: number }[] };
  const video = parsed.streams.filter((stream) => stream.codec_type === 'video');
  return {
    durationSeconds: Number(parsed.format.duration),
    videoStreams: video.length,
    audioStreams: parsed.streams.filter((stream) => stream.codec_type === 'audio').length,
    codec: video[0]?.codec_name ?? '',
    width: video[0]?.width ?? 0,
    height: video[0]?.height ?? 0,
  };
}

/** Decodes every frame; returns ffmpeg's error output (empty = the clip plays cleanly) and the frame count. */
export async function decodeClip(path: string): Promise<{ errors: string; frames: number }> {
  const { stdout, stderr } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', path]);
  return { errors: stderr.trim(), frames: Number(stdout.trim()) };
}

/** Top-level MP4 boxes in file order (faststart puts `moov` before `mdat`). */
export async function mp4TopLevelBoxes(path: string): Promise<string[]> {
  const data = await readFile(path);
  const boxes: string[] = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    let size = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    if (size === 1) size = Number(data.readBigUInt64BE(offset + 8));
    boxes.push(type);
    if (size < 8) break;
    offset += size;
  }
  return boxes;
}

/** The burnt-in clock of every frame of a video (seconds of the test camera), in display order. */
export async function readClock(path: string): Promise<number[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:v:0', '-vf', 'format=gray,crop=iw:1:0:8', '-f', 'rawvideo', '-'], { encoding: 'buffer', maxBuffer: 1 << 26 });
  return clockRows(stdout, FIXTURE_WIDTH);
}

/** The clock of one still picture (a grey row `y = 8` of it). */
export function clockRows(rows: Buffer, width: number): number[] {
  const times: number[] = [];
  for (let offset = 0; offset + width <= rows.length; offset += width) {
    const xs: number[] = [];
    for (let x = 0; x < width; x += 1) if ((rows[offset + x] ?? 0) > 128) xs.push(x);
    times.push(xs.length === 0 ? Number.NaN : (xs.reduce((a, b) => a + b, 0) / xs.length - (CLOCK_SQUARE - 1) / 2) / CLOCK_PX_PER_SECOND);
  }
  return times;
}
