import { redactText } from '../config/redact.js';
import type { FfmpegExit } from './ffmpeg-process.js';
import { isNetworkUrl, isRtspUrl } from './ingest-args.js';

/** What went wrong with a stream, in words an installer can act on. */
export type StreamErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'connection_refused'
  | 'unreachable'
  | 'dns'
  | 'timeout'
  | 'not_video'
  | 'no_such_file'
  | 'transport'
  | 'record_failed'
  | 'stream_ended'
  | 'ffmpeg_missing'
  | 'unknown';

export interface StreamError {
  kind: StreamErrorKind;
  /** Short, specific, credentials redacted. */
  message: string;
}

/** A stream failure as a named error class, so callers can `instanceof` it and read `kind`. */
export class StreamFailure extends Error {
  constructor(
    readonly kind: StreamErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'StreamFailure';
  }

  static from(error: StreamError): StreamFailure {
    return new StreamFailure(error.kind, error.message);
  }
}

const RULES: readonly { kind: StreamErrorKind; pattern: RegExp; message: string }[] = [
  { kind: 'unauthorized', pattern: /401 Unauthorized/i, message: '401 Unauthorized: the camera rejected the user name or password' },
  { kind: 'forbidden', pattern: /403 Forbidden/i, message: '403 Forbidden: the camera refused access to this stream' },
  { kind: 'not_found', pattern: /404 Not Found|Stream not found|454 Session Not Found/i, message: '404 stream not found: the camera has no stream at this path' },
  { kind: 'connection_refused', pattern: /Connection refused/i, message: 'connection refused: nothing is listening on that host and port' },
  { kind: 'unreachable', pattern: /No route to host|Network is unreachable|Host is unreachable/i, message: 'host unreachable: no network route to the camera' },
  { kind: 'dns', pattern: /Name or service not known|Failed to resolve hostname|Temporary failure in name resolution|nodename nor servname/i, message: 'unknown host: the camera host name does not resolve' },
  { kind: 'timeout', pattern: /Connection timed out|Operation timed out|timed out/i, message: 'timeout: the camera did not answer in time' },
  { kind: 'transport', pattern: /461 Unsupported transport|Unsupported transport|Nonmatching transport/i, message: 'transport refused: try the other RTSP transport (tcp/udp)' },
  { kind: 'no_such_file', pattern: /No such file or directory/i, message: 'no such file' },
  { kind: 'not_video', pattern: /matches no streams|does not contain any stream|Output file #\d+ does not contain any stream/i, message: 'not a video: the input has no video stream' },
  { kind: 'record_failed', pattern: /first pts and dts value must be set|av_interleaved_write_frame\(\)/i, message: 'the stream has frames without timestamps (B-frames) that cannot be copied into segments' },
  // Anchored: the input's own open failure is "<url>: Invalid data found ...".
  { kind: 'not_video', pattern: /^(?!av_)\S.*: Invalid data found when processing input|could not find codec parameters|Unknown input format|moov atom not found/im, message: 'not a video: ffmpeg cannot read a video stream from it' },
];

/** Lines worth showing when no rule matches: the ones ffmpeg marks as errors. */
const ERRORISH = /error|failed|invalid|unable|cannot|could not/i;
/**
 * ffmpeg's closing words, true of every failure, and the warnings it prints while copying a live
 * stream whose clock wobbles (it fixes those itself): never the reason.
 */
const GENERIC = /^(Conversion failed!|Exiting normally.*)$|Non-monotonous DTS|Invalid DTS: .* replacing by guess|Timestamps are unset in a packet|Past duration .* too large|^video:\S+ audio:\S+ .*muxing overhead/;

/**
 * Reads ffmpeg's (or ffprobe's) last stderr lines and returns one short reason. `secrets` are
 * scrubbed on top of URL userinfo, because ffmpeg sometimes prints a password without its URL.
 * `rtsp` tells that an "Invalid data" answer came from a network peer: a silent or non-RTSP
 * server, which to an installer is a timeout rather than a bad file.
 */
export function classifyFfmpegError(stderrLines: readonly string[], options: { secrets?: readonly string[]; rtsp?: boolean } = {}): StreamError | undefined {
  const text = stderrLines.join('\n');
  for (const rule of RULES) {
    if (!rule.pattern.test(text)) continue;
    if (rule.kind === 'not_video' && options.rtsp && /Invalid data found/i.test(text)) {
      return { kind: 'timeout', message: 'timeout: no valid RTSP answer (the server is silent or is not an RTSP camera)' };
    }
    return { kind: rule.kind, message: rule.message };
  }
  const useful = stderrLines.filter((l) => l.trim() !== '' && !GENERIC.test(stripPrefix(l))).reverse();
  const line = useful.find((l) => ERRORISH.test(l)) ?? useful[0];
  if (line === undefined) return undefined;
  return { kind: 'unknown', message: shorten(redactText(stripPrefix(line), options.secrets ?? [])) };
}

/**
 * Why an ffmpeg that the agent did not stop has exited, from its exit and its last stderr lines.
 * A clean exit with nothing wrong said is the end of its input (`stream_ended`: the camera closed
 * the stream, or a file ended). Shared by the detect and the record ffmpeg of a camera.
 */
export function ffmpegExitError(exit: FfmpegExit, stderrTail: readonly string[], options: { url: string; secrets: readonly string[] }): StreamError {
  if (exit.spawnError) return { kind: 'ffmpeg_missing', message: `cannot start ffmpeg: ${exit.spawnError.message}` };
  const tail = stderrTail.slice(-8);
  // A clean exit leaves routine lines and warnings behind, not a reason.
  const lines = exit.code === 0 ? tail.filter((l) => /error|fail|refused|unauthorized|not found|invalid/i.test(l)) : tail;
  const classified = classifyFfmpegError(lines, { secrets: options.secrets, rtsp: isRtspUrl(options.url) });
  if (exit.code === 0 && !classified) return { kind: 'stream_ended', message: isNetworkUrl(options.url) ? 'stream ended: the camera closed the connection' : 'end of file' };
  // Killed from outside (OOM killer, an operator): its last lines are routine output, not a reason.
  if (exit.signal && (!classified || classified.kind === 'unknown')) return { kind: 'unknown', message: `ffmpeg was killed by ${exit.signal} (not by the agent)` };
  return classified ?? { kind: 'unknown', message: `ffmpeg exited with code ${exit.code}` };
}

/** `[rtsp @ 0x55d...] method DESCRIBE failed` -> `method DESCRIBE failed`. */
function stripPrefix(line: string): string {
  return line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '').trim();
}

function shorten(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
