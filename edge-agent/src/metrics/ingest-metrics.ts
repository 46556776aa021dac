import { Counter, Gauge, type Registry } from 'prom-client';

/** What one camera's ingest reports; labels carry the camera id only, never a URL. */
export interface CameraIngestMetrics {
  frameDecoded(): void;
  frameSkipped(reason: string): void;
  setUp(up: boolean): void;
  restarted(): void;
  setFps(fps: number): void;
  setCacheBytes(bytes: number): void;
  /** The evidence recording (its own ffmpeg) is writing segments. */
  setRecordUp(up: boolean): void;
}

export interface IngestMetrics {
  framesDecoded: Counter<'camera'>;
  framesSkipped: Counter<'camera' | 'reason'>;
  cameraUp: Gauge<'camera'>;
  restarts: Counter<'camera'>;
  cameraFps: Gauge<'camera'>;
  segmentCacheBytes: Gauge<'camera'>;
  recordUp: Gauge<'camera'>;
  camera(id: string): CameraIngestMetrics;
}

/**
 * Ingest metrics on the process's one Registry. Creating them twice on the same registry reuses
 * the registered ones, so several agents (or tests) can share a registry.
 */
export function createIngestMetrics(registry: Registry): IngestMetrics {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: L[]) =>
    (registry.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge<L>({ name, help, labelNames, registers });

  const framesDecoded = counter('wardwatch_frames_decoded_total', 'Frames decoded by ffmpeg and read from its pipe', ['camera']);
  const framesSkipped = counter('wardwatch_frames_skipped_total', 'Decoded frames replaced by a newer one before anyone read them', ['camera', 'reason']);
  const cameraUp = gauge('wardwatch_camera_up', '1 while frames flow from the camera, 0 while it is starting, down or stopped', ['camera']);
  const restarts = counter('wardwatch_ffmpeg_restarts_total', 'ffmpeg restarts after a failure, a stall or a forced restart', ['camera']);
  const cameraFps = gauge('wardwatch_camera_fps', 'Decoded frames per second, measured over the last 5 s', ['camera']);
  const recordUp = gauge('wardwatch_record_up', '1 while the record stream is copied into segments for clips, 0 while it is starting or failing', ['camera']);
  const segmentCacheBytes = gauge('wardwatch_segment_cache_bytes', 'Bytes of record-stream segments kept on disk for clips', ['camera']);

  return {
    framesDecoded,
    framesSkipped,
    cameraUp,
    restarts,
    cameraFps,
    segmentCacheBytes,
    recordUp,
    camera(id) {
      const camera = { camera: id };
      // Zero-valued series exist from the start, so a dashboard shows a camera before its first event.
      framesDecoded.inc(camera, 0);
      restarts.inc(camera, 0);
      framesSkipped.inc({ ...camera, reason: 'consumer_busy' }, 0);
      cameraUp.set(camera, 0);
      cameraFps.set(camera, 0);
      return {
        frameDecoded: () => framesDecoded.inc(camera),
        frameSkipped: (reason) => framesSkipped.inc({ ...camera, reason }),
        setUp: (up) => cameraUp.set(camera, up ? 1 : 0),
        restarted: () => restarts.inc(camera),
        setFps: (fps) => cameraFps.set(camera, Math.round(fps * 100) / 100),
        setCacheBytes: (bytes) => segmentCacheBytes.set(camera, bytes),
        setRecordUp: (up) => recordUp.set(camera, up ? 1 : 0),
      };
    },
  };
}
