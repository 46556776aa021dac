import { MAX_PROBE_SNAPSHOT_BYTES, type ProbeResult, type ProbeTask } from '@wardwatch/contracts';
import sharp from 'sharp';
import { redactText, urlSecrets } from '../config/redact.js';
import { StreamFailure } from '../ffmpeg/ffmpeg-error.js';
import { probeStreamWithFrame } from '../ffmpeg/probe-stream.js';

export interface ProbeOutcome {
  result: ProbeResult;
  /** The first frame at full size, for the zone editor; absent when the probe failed. */
  jpeg?: Buffer;
}

/**
 * 15 s per step (ffprobe, then the first frame) is what `edge-agent probe` allows: an RTSP
 * camera answers in well under a second, a slow one on a bad link in a few, and an installer
 * waiting in the browser should not wait longer to learn that the camera does not answer.
 */
const PROBE_TIMEOUT_MS = 15_000;
/** Quality 90 keeps the zone editor's picture sharp; 70 is the fallback for a huge frame. */
const JPEG_QUALITIES = [90, 70, 50];

/**
 * Probes a camera for an installer, as the console asked: codec, size and frame rate, and one
 * full-size frame as JPEG. Never throws: a camera that cannot be read is a result too, with a
 * short, specific reason (the same words ingest uses) and no credentials in it.
 */
export async function probeCamera(task: ProbeTask, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeOutcome> {
  const secrets = urlSecrets(task.url);
  try {
    const probed = await probeStreamWithFrame(task.url, { timeoutMs, transport: task.transport });
    const { frame } = probed;
    const jpeg = await encodeJpeg(frame.data, frame.width, frame.height);
    return {
      result: {
        ok: true,
        codec: probed.codec.slice(0, 64),
        width: probed.width,
        height: probed.height,
        ...(probed.fps !== undefined && probed.fps > 0 ? { fps: probed.fps } : {}),
        snapshot: jpeg !== undefined,
      },
      ...(jpeg ? { jpeg } : {}),
    };
  } catch (error) {
    const message = error instanceof StreamFailure ? error.message : `probe failed: ${(error as Error).message ?? String(error)}`;
    return { result: { ok: false, error: redactText(message, secrets).slice(0, 500) || 'probe failed' } };
  }
}

async function encodeJpeg(rgb: Buffer, width: number, height: number): Promise<Buffer | undefined> {
  for (const quality of JPEG_QUALITIES) {
    const jpeg = await sharp(rgb, { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer();
    if (jpeg.length <= MAX_PROBE_SNAPSHOT_BYTES) return jpeg;
  }
  return undefined;
}
