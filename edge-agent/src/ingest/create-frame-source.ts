import { join } from 'node:path';
import type { CameraConfig } from '../config/agent-config.schema.js';
import type { PixelFormat } from '../ffmpeg/ingest-args.js';
import { isNetworkUrl } from '../ffmpeg/ingest-args.js';
import { createLogger, type Logger } from '../log/logger.js';
import type { CameraIngestMetrics, IngestMetrics } from '../metrics/ingest-metrics.js';
import { CameraIngest } from './camera-ingest.js';
import { systemClock, type Clock } from './clock.js';
import { SegmentCache } from './segment-cache.js';
import type { FramePolicy } from './frame-channel.js';

export interface FrameSize {
  width: number;
  height: number;
}

export interface LiveIngestDeps {
  /** `agent.dataDir`: segments go to `<dataDir>/segments/<camera id>`. */
  dataDir: string;
  /** `evidence.audio`: record the camera's sound with the video. */
  recordAudio?: boolean;
  /** The detector's input size; ffmpeg letterboxes to it. */
  frameSize: FrameSize;
  pixelFormat?: PixelFormat;
  metrics: IngestMetrics;
  logger: Logger;
  clock?: Clock;
  ffmpegBinary?: string;
}

export function segmentDir(dataDir: string, cameraId: string): string {
  return join(dataDir, 'segments', cameraId);
}

/**
 * A configured camera as a supervised, self-healing frame source with its segment cache. A file
 * played without real-time pacing has no wall-clock meaning, so it records no segments.
 */
export function createCameraIngest(camera: CameraConfig, deps: LiveIngestDeps): CameraIngest {
  const clock = deps.clock ?? systemClock;
  const metrics = deps.metrics.camera(camera.id);
  const live = isNetworkUrl(camera.detect.url);
  const records = live || camera.detect.realtime;
  const cache = records
    ? new SegmentCache({
        dir: segmentDir(deps.dataDir, camera.id),
        maxAgeMs: camera.record.cacheMinutes * 60_000,
        maxBytes: camera.record.cacheMaxBytes,
        clock,
        onBytes: (bytes) => metrics.setCacheBytes(bytes),
      })
    : undefined;
  const { url, transport, loop, realtime } = camera.detect;
  return new CameraIngest({
    cameraId: camera.id,
    name: camera.name,
    input: { url, transport, loop, realtime },
    ...(camera.record.url && camera.record.url !== url ? { recordInput: { url: camera.record.url, transport } } : {}),
    fps: camera.detect.fps,
    frameSize: deps.frameSize,
    ...(deps.pixelFormat ? { pixelFormat: deps.pixelFormat } : {}),
    watchdog: camera.watchdog,
    ...(cache ? { segments: { cache, segmentSeconds: camera.record.segmentSeconds, audio: deps.recordAudio === true } } : {}),
    frames: 'latest',
    timestamps: live ? 'wall' : 'media',
    // A demo camera on a file that does not loop simply ends, like `analyze`.
    endAtEof: !live && !loop,
    metrics,
    logger: deps.logger,
    clock,
    ...(deps.ffmpegBinary ? { ffmpegBinary: deps.ffmpegBinary } : {}),
  });
}

export interface FileSourceOptions {
  path: string;
  fps: number;
  frameSize: FrameSize;
  cameraId?: string;
  pixelFormat?: PixelFormat;
  /** Pace at real time (a demo camera). Default false: as fast as the consumer takes frames. */
  realtime?: boolean;
  loop?: boolean;
  /**
   * `every` (default): backpressure, so analysis sees every frame at `fps`. `latest`: behave like
   * a live camera and skip frames when the consumer is busy.
   */
  frames?: FramePolicy;
  metrics?: CameraIngestMetrics;
  logger?: Logger;
  ffmpegBinary?: string;
}

const noMetrics: CameraIngestMetrics = {
  frameDecoded: () => undefined,
  frameSkipped: () => undefined,
  setUp: () => undefined,
  restarted: () => undefined,
  setFps: () => undefined,
  setCacheBytes: () => undefined,
  setRecordUp: () => undefined,
};

/**
 * A video file as a frame source (the `analyze` command, benchmarks, tests): media-time
 * timestamps from 0, ends at end of file, and throws a StreamFailure from the loop when the file
 * cannot be read.
 */
export function createFileFrameSource(options: FileSourceOptions): CameraIngest {
  return new CameraIngest({
    cameraId: options.cameraId ?? 'file',
    name: options.path,
    input: { url: options.path, realtime: options.realtime ?? false, loop: options.loop ?? false },
    fps: options.fps,
    frameSize: options.frameSize,
    ...(options.pixelFormat ? { pixelFormat: options.pixelFormat } : {}),
    // A file never stalls by itself; 60 s only catches a wedged ffmpeg.
    watchdog: { noFrameSeconds: 60, backoffInitialSeconds: 1, backoffMaxSeconds: 5 },
    frames: options.frames ?? 'every',
    timestamps: 'media',
    endAtEof: !(options.loop ?? false),
    metrics: options.metrics ?? noMetrics,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    ...(options.ffmpegBinary ? { ffmpegBinary: options.ffmpegBinary } : {}),
  });
}
