import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface DetectMetrics {
  inferenceSeconds: Histogram;
  framesInferred: Counter<'camera'>;
  framesGated: Counter<'camera'>;
  framesDropped: Counter<'camera'>;
  queueDepth: Gauge;
  detectionFps: Gauge<'camera'>;
  stuckThreads: Gauge;
}

/** The detector's metrics on the process's one Registry; labels carry camera ids only, never URLs. */
export function createDetectMetrics(registry: Registry): DetectMetrics {
  const registers = [registry];
  return {
    inferenceSeconds: new Histogram({
      name: 'wardwatch_inference_seconds',
      help: 'Time of one model run (session.run), per frame',
      // ~30 ms is one YOLOX-Nano run on one core; the tail shows contention and larger models.
      buckets: [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1],
      registers,
    }),
    framesInferred: new Counter({ name: 'wardwatch_frames_inferred_total', help: 'Frames the detector ran on', labelNames: ['camera'], registers }),
    framesGated: new Counter({
      name: 'wardwatch_frames_gated_total',
      help: 'Frames without motion that reused the previous detections',
      labelNames: ['camera'],
      registers,
    }),
    framesDropped: new Counter({
      name: 'wardwatch_detector_dropped_frames_total',
      help: 'Frames replaced by a newer frame of the same camera before a detector was free',
      labelNames: ['camera'],
      registers,
    }),
    queueDepth: new Gauge({ name: 'wardwatch_detector_queue_depth', help: 'Frames waiting for a free detector (at most one per camera)', registers }),
    detectionFps: new Gauge({ name: 'wardwatch_detection_fps', help: 'Detector runs per second over the last 10 s', labelNames: ['camera'], registers }),
    stuckThreads: new Gauge({
      name: 'wardwatch_detector_stuck_threads',
      help: 'Detector threads stopped after a hung run but still inside onnxruntime (the agent restarts itself at 2)',
      registers,
    }),
  };
}
