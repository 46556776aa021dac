import { urlSecrets } from '../config/redact.js';
import { classifyFfmpegError, StreamFailure } from './ffmpeg-error.js';
import { spawnFfmpeg } from './ffmpeg-process.js';
import { InputInfoParser } from './ffmpeg-stderr.js';
import { inputArgs, isRtspUrl, type RtspTransport } from './ingest-args.js';

export interface GrabbedFrame {
  width: number;
  height: number;
  /** Packed RGB, width * height * 3 bytes, at the stream's own size. */
  data: Buffer;
  elapsedMs: number;
}

/**
 * One decoded frame at full size (for `snapshot`, zone drawing and `probe`'s time to first
 * frame). Gives up after `timeoutMs` with a timeout error instead of hanging.
 */
export async function grabFrame(url: string, options: { timeoutMs?: number; transport?: RtspTransport; binary?: string } = {}): Promise<GrabbedFrame> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const secrets = urlSecrets(url);
  const parser = new InputInfoParser();
  const args = ['-hide_banner', '-nostats', '-loglevel', 'info', ...inputArgs({ url, transport: options.transport ?? 'tcp' }, timeoutMs / 1_000)];
  args.push('-map', '0:v:0', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const startedAt = performance.now();
  const proc = spawnFfmpeg(args, { secrets, onStderrLine: (line) => parser.push(line), ...(options.binary ? { binary: options.binary } : {}) });
  const chunks: Buffer[] = [];
  let firstByteAt: number | undefined;
  // Read through a pipe: no `stdout` option was given.
  proc.stdout?.on('data', (chunk: Buffer) => {
    firstByteAt ??= performance.now();
    chunks.push(chunk);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill();
  }, timeoutMs);
  const exit = await proc.exited;
  clearTimeout(timer);
  if (timedOut) throw new StreamFailure('timeout', `timeout: no frame within ${Math.round(timeoutMs / 1_000)} s`);
  if (exit.spawnError) throw new StreamFailure('ffmpeg_missing', `cannot start ffmpeg: ${exit.spawnError.message}`);
  const data = Buffer.concat(chunks);
  const info = parser.info;
  if (exit.code !== 0 || !info || data.length < info.width * info.height * 3) {
    const error = classifyFfmpegError(proc.stderrTail().slice(-8), { secrets, rtsp: isRtspUrl(url) });
    throw StreamFailure.from(error ?? { kind: 'not_video', message: 'not a video: no frame could be decoded' });
  }
  return { width: info.width, height: info.height, data: data.subarray(0, info.width * info.height * 3), elapsedMs: Math.round((firstByteAt ?? performance.now()) - startedAt) };
}
