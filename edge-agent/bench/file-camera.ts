import { frameFilter } from '../src/ffmpeg/ingest-args.js';
import type { Frame, Letterbox } from '../src/ingest/frame.js';
import { IngestRun } from '../src/ingest/ingest-run.js';

export interface FileCameraOptions {
  cameraId: string;
  file: string;
  srcWidth: number;
  srcHeight: number;
  fps: number;
  size: number;
  /** Seconds into the file to begin, so cameras that share a clip are not in lock-step. */
  offsetSeconds: number;
}

/**
 * A file played as a live camera for the benchmark: ffmpeg paces it at real time (-re), loops it,
 * and letterboxes it to model size the way ingest does. Frames are pushed as they arrive, like a
 * live RTSP stream that does not wait for its consumer.
 */
export class FileCamera {
  private run: IngestRun | undefined;
  readonly letterbox: Letterbox;

  constructor(private readonly options: FileCameraOptions) {
    const scale = Math.min(options.size / options.srcWidth, options.size / options.srcHeight);
    this.letterbox = {
      srcWidth: options.srcWidth,
      srcHeight: options.srcHeight,
      scale,
      contentWidth: Math.round(options.srcWidth * scale),
      contentHeight: Math.round(options.srcHeight * scale),
    };
  }

  get pid(): number | undefined {
    return this.run?.process.pid;
  }

  async start(onFrame: (frame: Frame, receivedAt: number) => void): Promise<void> {
    const { size, fps, file, offsetSeconds, cameraId } = this.options;
    const lb = this.letterbox;
    // The agent's own filter chain and ingest (IngestRun's frame pipe), so the bench measures what
    // a camera costs. Info-level logging: IngestRun takes the input's size from ffmpeg's stream line.
    const filter = frameFilter({ width: size, height: size, fps, pixelFormat: 'gbrp' });
    const args = ['-hide_banner', '-nostats', '-loglevel', 'info', '-filter_threads', '1', '-threads', '1', '-re', '-stream_loop', '-1', '-ss', String(offsetSeconds), '-i', file];
    args.push('-vf', filter, '-an', '-f', 'rawvideo', 'pipe:1');
    let seq = 0;
    const startedAt = performance.now();
    const onData = (data: Buffer): void => {
      const now = performance.now();
      onFrame({ cameraId, seq: seq++, timestampMs: Math.round(now - startedAt), width: size, height: size, pixelFormat: 'gbrp', data, letterbox: lb }, now);
    };
    this.run = await IngestRun.start({ frameBytes: size * size * 3, secrets: [], onFrame: onData }, () => args);
  }

  async stop(): Promise<void> {
    await this.run?.process.stop();
  }
}
