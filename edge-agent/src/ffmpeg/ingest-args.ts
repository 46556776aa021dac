import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { joinCredentials, splitCredentials } from '@wardwatch/contracts';
import type { PixelFormat } from '../ingest/frame.js';

export type { PixelFormat };
export type RtspTransport = 'tcp' | 'udp';

export interface StreamInput {
  url: string;
  transport?: RtspTransport;
  /** File inputs only. */
  loop?: boolean;
  realtime?: boolean;
}

export interface IngestArgsSpec {
  input: StreamInput;
  /** Socket timeout for network inputs, so a silent camera ends ffmpeg instead of hanging it. */
  ioTimeoutSeconds: number;
  frames: { width: number; height: number; fps: number; pixelFormat: PixelFormat };
  /** Live inputs: when this ffmpeg starts (ms since the epoch), the origin of its frames' times. Default: now. */
  startedAtMs?: number;
}

export interface RecordArgsSpec {
  /** The evidence stream: the camera's main stream, or the detect stream when it has none. */
  input: StreamInput;
  ioTimeoutSeconds: number;
  /** Keep the first audio track, as AAC (MPEG-TS carries no G.711); none is fine. Default: video only. */
  audio?: boolean;
  segments: { dir: string; segmentSeconds: number; runTag: string };
}

/** Mono AAC at 32 kb/s: speech and street sound are recognisable, a minute costs 240 kB. */
const EVIDENCE_AUDIO = ['-c:a', 'aac', '-b:a', '32k', '-ac', '1'];

/** Letterbox padding grey (114), the value YOLOX was trained with. */
export const PAD_COLOR = '0x727272';

export function isNetworkUrl(url: string): boolean {
  return /^(rtsps?|rtmp|https?|udp|srt):\/\//i.test(url);
}

export function isRtspUrl(url: string): boolean {
  return /^rtsps?:\/\//i.test(url);
}

/** `file:///x/y.mp4` -> `/x/y.mp4`; anything else unchanged. */
export function inputTarget(url: string): string {
  return /^file:\/\//i.test(url) ? fileURLToPath(url) : withEscapedLogin(url);
}

/** What may stay as it is in a URL's userinfo (RFC 3986): unreserved, sub-delims, `:` and valid `%XX` escapes. */
const NOT_USERINFO = /%(?![0-9a-f]{2})|[^a-z0-9\-._~!$&'()*+,;=:%]/giu;

/**
 * The URL with its login percent-encoded, the form ffmpeg needs. Installers type camera passwords
 * as they are (`rtsp://admin:Pa#s?w@rd@10.0.0.5/sub`; the console keeps them so, and the login is
 * found as contracts' splitCredentials finds it, up to the last `@` before the path); ffmpeg ends
 * the host at the first `#` or `?` ("Port missing in uri") and only percent-decodes the login it
 * finds. Escapes already written (`%2F` for a `/`) are kept.
 */
export function withEscapedLogin(url: string): string {
  const { url: bare, userinfo } = splitCredentials(url);
  // Without a `:` it is not a user:password typed with odd characters but, more likely, a query
  // holding an `@` after a host without a path (`http://cam?user=a@b`): left alone.
  if (userinfo === null || !userinfo.includes(':')) return url;
  return joinCredentials(bare, userinfo.replace(NOT_USERINFO, (c) => encodeURIComponent(c)));
}

/** Options that go before one `-i`. */
export function inputArgs(input: StreamInput, ioTimeoutSeconds: number): string[] {
  const micros = String(Math.round(ioTimeoutSeconds * 1_000_000));
  // genpts fills timestamps a camera leaves out; discardcorrupt drops what UDP loss broke.
  if (isRtspUrl(input.url)) return ['-fflags', '+genpts+discardcorrupt', '-rtsp_transport', input.transport ?? 'tcp', '-timeout', micros, '-i', inputTarget(input.url)];
  if (isNetworkUrl(input.url)) return ['-rw_timeout', micros, '-i', inputTarget(input.url)];
  const args: string[] = [];
  if (input.realtime) args.push('-re');
  if (input.loop) args.push('-stream_loop', '-1');
  return [...args, '-i', inputTarget(input.url)];
}

/**
 * The scale-and-pad chain: ffmpeg shrinks the picture to fit the model input, keeps its aspect
 * ratio, and pads right and bottom, so JavaScript never touches pixels to resize and box
 * coordinates map back with a single scale factor. Bilinear, as the YOLOX reference resizes
 * (OpenCV's linear): ffmpeg's default bicubic cost ~0.5 ms more per frame on the project VM, a
 * quarter of a camera's ffmpeg time. The picture is converted to the model's pixel format in the
 * same pass as the resize, and the padding is added afterwards in that format, so it is exactly
 * the letterbox grey (114) rather than a grey that went through YUV and back.
 */
export function frameFilter(frames: IngestArgsSpec['frames']): string {
  const { width: w, height: h, fps, pixelFormat } = frames;
  return `fps=${fps},scale=${w}:${h}:force_original_aspect_ratio=decrease:flags=bilinear,format=${pixelFormat},pad=${w}:${h}:0:0:color=${PAD_COLOR}`;
}

/** Segment file names carry their start time (UTC, so ffmpeg must run with TZ=UTC) and a run tag. */
export function segmentPattern(dir: string, runTag: string): string {
  return join(dir.replaceAll('%', '%%'), `%Y%m%dT%H%M%SZ-${runTag}.ts`);
}

/**
 * Frames of a live stream re-timed by the wall clock as they are decoded. The `fps` filter
 * keeps a steady rate by the frames' timestamps: when a camera's clock jumps ahead (an NTP
 * correction, ten minutes at once) it fills the gap with copies of the last picture, thousands
 * of them in a burst (3,000 in 12 s for a 600 s jump), and when it jumps back it drops every
 * frame until the clock catches up. Arrival time is what the agent stamps frames with anyway.
 * The origin is a fixed instant, not the filter's own start (RTCSTART): ffmpeg rebuilds its
 * filters when the picture changes size, and times restarting from zero then made it drop every
 * frame for as long again as the camera had been running.
 */
function arrivalTime(originMs: number): string {
  return `setpts=(RTCTIME-${Math.round(originMs) * 1_000})/(TB*1000000)`;
}

/**
 * The detect ffmpeg of a camera: raw letterboxed frames on stdout, nothing else. Recording runs
 * in its own ffmpeg (buildRecordArgs), so a stream that cannot be copied never stops detection.
 */
export function buildIngestArgs(spec: IngestArgsSpec): string[] {
  // One decoder thread and one filter thread per camera: cameras spread over cores better than
  // frame or slice threads, which only add latency and context switches on a small sub-stream.
  const args = ['-hide_banner', '-nostats', '-loglevel', 'info', '-filter_threads', '1', '-threads', '1', ...inputArgs(spec.input, spec.ioTimeoutSeconds)];
  // A live picture is timed by when it arrives, not by the camera's clock (see arrivalTime).
  const live = isNetworkUrl(spec.input.url) || spec.input.realtime === true;
  args.push('-map', '0:v:0', '-an', '-sn', '-dn', '-vf', `${live ? `${arrivalTime(spec.startedAtMs ?? Date.now())},` : ''}${frameFilter(spec.frames)}`, '-f', 'rawvideo', 'pipe:1');
  return args;
}

/** A packet without a presentation time gets its decode time (see buildRecordArgs). */
const FILL_MISSING_PTS = 'setts=pts=if(lt(PTS\\,-1e18)\\,DTS\\,PTS)';

/**
 * The record ffmpeg: the evidence stream's video copied without re-encoding into short MPEG-TS
 * segments. MPEG-TS because a segment cut short by a crash still plays, and segments join with
 * `-c copy`. Over RTSP the first packet (a key frame) comes without a presentation time; without
 * B-frames the muxer takes its decode time instead, but with B-frames (H.264 or H.265) it refuses
 * it ("first pts and dts value must be set") and the recording dies. The `setts` bitstream filter
 * gives such a packet its decode time as presentation time (an unset time reads as INT64_MIN
 * there); dropping it instead would lose the parameter sets it carries. Warnings only: the reason a
 * recording fails is then ffmpeg's error, not its closing stats line. Sound only with `audio`
 * (evidence.audio), re-encoded to AAC: cameras send G.711, which MPEG-TS cannot carry.
 */
export function buildRecordArgs(spec: RecordArgsSpec): string[] {
  const { dir, segmentSeconds, runTag } = spec.segments;
  return [
    '-hide_banner', '-nostats', '-loglevel', 'warning',
    ...inputArgs(spec.input, spec.ioTimeoutSeconds),
    '-map', '0:v:0', ...(spec.audio ? ['-map', '0:a:0?', ...EVIDENCE_AUDIO] : ['-an']), '-sn', '-dn', '-c:v', 'copy',
    '-bsf:v', FILL_MISSING_PTS,
    '-f', 'segment', '-segment_time', String(segmentSeconds), '-segment_format', 'mpegts', '-reset_timestamps', '1', '-strftime', '1',
    segmentPattern(dir, runTag),
    // A lifeline: one checksum line per packet to the agent's pipe. Should the agent die (SIGKILL,
    // a crash), the next write breaks the pipe and ffmpeg exits, instead of recording on as an
    // orphan that holds a camera session and a second copy after every restart.
    '-map', '0:v:0', '-c', 'copy', '-bsf:v', FILL_MISSING_PTS, '-f', 'framecrc', 'pipe:1',
  ];
}
