import type { AgentConfig, CameraConfig } from '../config/agent-config.schema.js';
import { createDetectorPool } from '../detect/create-detector.js';
import type { CameraStats } from '../detect/detector-pool.js';
import { createFileFrameSource } from '../ingest/create-frame-source.js';
import type { Logger } from '../log/logger.js';
import { loadModelManifest } from '../models/model-manifest.js';
import { AnalysisPipeline, type CameraProgress } from './analysis-pipeline.js';
import { ViolationReportBuilder, type ViolationReport } from './violation-report.js';

export interface AnalyzeFileOptions {
  /** Model, detector and time zone settings. */
  config: Pick<AgentConfig, 'model' | 'detector' | 'agent'>;
  /** The camera whose zones and rules apply; its `detect.url` is ignored in favour of `input`. */
  camera: CameraConfig;
  input: string;
  /** Wall-clock ms of the file's first frame (schedules, `triggeredAt`). */
  startMs: number;
  logger: Logger;
  /**
   * ffmpeg's own log lines; silent by default because a file that cannot be read is thrown as
   * a StreamFailure anyway (the CLI reports it once, in words).
   */
  ingestLogger?: Logger;
  /** After each analysed frame; `reports` counts the violations so far. */
  onProgress?: (progress: CameraProgress & { reports: number }) => void;
  signal?: AbortSignal;
}

export interface AnalyzeFileResult {
  reports: ViolationReport[];
  frames: number;
  /** Media time covered, seconds. */
  mediaSeconds: number;
  /** Seconds from the first frame read to the end (model loading excluded). */
  analyseSeconds: number;
  detector: CameraStats | undefined;
  workers: number;
}

/**
 * The whole pipeline on one video file, as fast as the machine allows: ffmpeg decodes at the
 * camera's fps with backpressure, the detector pool runs on every core, every frame is analysed,
 * and the analyzer is finished at the end of the file. Throws a StreamFailure when the file
 * cannot be read, and the model loader's errors when the model is missing.
 */
export async function analyzeFile(options: AnalyzeFileOptions): Promise<AnalyzeFileResult> {
  const { config, input, logger } = options;
  const camera: CameraConfig = { ...options.camera, detect: { ...options.camera.detect, url: input, realtime: false, loop: false } };
  const manifest = await loadModelManifest(config.model.manifest);
  const pool = await createDetectorPool(
    { model: config.model, detector: config.detector, cameras: [camera] },
    { onError: (error, cameraId) => logger.error({ camera: cameraId, err: error }, 'detector error') },
  );
  const builder = new ViolationReportBuilder(options.startMs);
  const pipeline = new AnalysisPipeline({
    pool,
    mode: 'complete',
    timezone: config.agent.timezone,
    wallClockOffsetMs: () => options.startMs,
    onEvent: (event) => {
      builder.add(event);
      if (event.phase !== 'ended') logger.info({ camera: event.cameraId, zone: event.zoneId, rule: event.rule, atS: event.triggeredAtMs / 1_000 }, 'violation');
    },
    ...(options.onProgress ? { onStep: () => options.onProgress?.({ ...pipeline.progress(camera.id)!, reports: builder.count }) } : {}),
  });
  const source = createFileFrameSource({
    path: input,
    fps: camera.detect.fps,
    frameSize: { width: manifest.input.width, height: manifest.input.height },
    cameraId: camera.id,
    pixelFormat: 'gbrp',
    realtime: false,
    frames: 'every',
    ...(options.ingestLogger ? { logger: options.ingestLogger } : {}),
  });
  const started = performance.now();
  try {
    await pipeline.run(camera, source, options.signal ?? new AbortController().signal);
    const stats = pool.stats(camera.id);
    const frames = stats?.submitted ?? 0;
    return {
      reports: builder.build(),
      frames,
      mediaSeconds: frames / camera.detect.fps,
      analyseSeconds: (performance.now() - started) / 1_000,
      detector: stats,
      workers: pool.size,
    };
  } finally {
    pipeline.close();
    await source.stop();
    await pool.close();
  }
}
