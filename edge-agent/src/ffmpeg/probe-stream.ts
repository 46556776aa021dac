import ffmpeg from 'fluent-ffmpeg';
import { redactText, redactUrl, urlSecrets } from '../config/redact.js';
import { classifyFfmpegError, StreamFailure } from './ffmpeg-error.js';
import { grabFrame, type GrabbedFrame } from './grab-frame.js';
import { inputTarget, isNetworkUrl, isRtspUrl, type RtspTransport } from './ingest-args.js';

export interface ProbeResult {
  /** The URL with its password redacted. */
  url: string;
  codec: string;
  width: number;
  height: number;
  fps: number | undefined;
  hasAudio: boolean;
  /** From ffmpeg's start to the first decoded frame: what a restart costs this camera. */
  timeToFirstFrameMs: number;
}

export interface ProbeOptions {
  timeoutMs?: number;
  transport?: RtspTransport;
}

/** `ffprobe` through fluent-ffmpeg, kept behind this one function. */
async function ffprobe(url: string, options: Required<ProbeOptions>): Promise<ffmpeg.FfprobeData> {
  const micros = String(options.timeoutMs * 1_000);
  const args = isRtspUrl(url) ? ['-rtsp_transport', options.transport, '-timeout', micros] : isNetworkUrl(url) ? ['-rw_timeout', micros] : [];
  const secrets = urlSecrets(url);
  return new Promise((resolve, reject) => {
    // ffprobe ends itself through its socket timeout; this timer only stops our waiting.
    const timer = setTimeout(() => reject(new StreamFailure('timeout', `timeout: no answer within ${Math.round(options.timeoutMs / 1_000)} s`)), options.timeoutMs + 2_000);
    ffmpeg.ffprobe(inputTarget(url), args, (error: Error | null, data: ffmpeg.FfprobeData) => {
      clearTimeout(timer);
      if (!error) return resolve(data);
      const lines = error.message.split('\n').filter((line) => !/^ffprobe exited with code/.test(line));
      const classified = classifyFfmpegError(lines, { secrets, rtsp: isRtspUrl(url) });
      reject(
        /ENOENT/.test(error.message) && lines.length <= 1
          ? new StreamFailure('ffmpeg_missing', 'cannot start ffprobe: is ffmpeg installed?')
          : classified
            ? StreamFailure.from(classified)
            : new StreamFailure('unknown', redactText(error.message, secrets)),
      );
    });
  });
}

function parseRate(rate: string | undefined): number | undefined {
  if (!rate) return undefined;
  const [num, den] = rate.split('/').map(Number);
  return num && den ? Math.round((num / den) * 1_000) / 1_000 : undefined;
}

/**
 * What an installer needs to know about a camera URL: codec, size, frame rate, audio, and how
 * long the first frame takes. Throws a StreamFailure with a specific, redacted reason.
 */
export async function probeStream(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const { frame: _frame, ...result } = await probeStreamWithFrame(url, options);
  return result;
}

/** `probeStream`, keeping the first frame it decoded (full size, RGB) for a snapshot. */
export async function probeStreamWithFrame(url: string, options: ProbeOptions = {}): Promise<ProbeResult & { frame: GrabbedFrame }> {
  const settings = { timeoutMs: options.timeoutMs ?? 15_000, transport: options.transport ?? 'tcp' };
  const data = await ffprobe(url, settings);
  const video = data.streams.find((s) => s.codec_type === 'video');
  if (!video || !video.width || !video.height) throw new StreamFailure('not_video', 'not a video: the input has no video stream');
  const frame = await grabFrame(url, settings);
  return {
    frame,
    url: redactUrl(url),
    codec: video.codec_name ?? 'unknown',
    width: video.width,
    height: video.height,
    fps: parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate),
    hasAudio: data.streams.some((s) => s.codec_type === 'audio'),
    timeToFirstFrameMs: frame.elapsedMs,
  };
}
