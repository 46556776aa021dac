import { availableParallelism } from 'node:os';
import type { AgentConfig, CameraConfig } from '../config/agent-config.schema.js';
import type { DetectMetrics } from '../metrics/detect-metrics.js';
import { fetchModel, type FetchOptions } from '../models/model-fetch.js';
import { loadModelManifest, type ModelManifest } from '../models/model-manifest.js';
import { DetectorPool, type PoolCamera } from './detector-pool.js';
import type { Detector, DetectionSettings } from './detector.js';
import { createOnnxDetector } from './onnx-detector.js';
import { resolveThresholds } from './score-thresholds.js';
import { zoneCrop, type PixelCrop } from './zone-crop.js';

export interface DetectorModel {
  manifest: ModelManifest;
  modelPath: string;
  settings: DetectionSettings;
}

/**
 * Loads the manifest named by `model.manifest`, finds and hash-verifies its weights, and checks
 * the per-class thresholds against its classes: everything that can be wrong with a model is
 * reported here, at start, naming the file.
 */
export async function loadDetectorModel(model: AgentConfig['model'], fetchOptions: FetchOptions = {}): Promise<DetectorModel> {
  const manifest = await loadModelManifest(model.manifest);
  const settings: DetectionSettings = { scoreThreshold: model.scoreThreshold, nmsIou: model.nmsIou, perClassThresholds: model.perClassThresholds };
  resolveThresholds(manifest.classes, settings);
  const { path } = await fetchModel(manifest, fetchOptions);
  return { manifest, modelPath: path, settings };
}

/** `detector.workers: auto` = one session per core, each on one intra-op thread. */
export function workerCount(detector: AgentConfig['detector']): number {
  return detector.workers === 'auto' ? availableParallelism() : detector.workers;
}

/** A single in-process detector (CLI snapshot/analyze, tests); the agent's frame loop uses the pool. */
export async function openDetector(model: DetectorModel, intraOpThreads = 1): Promise<Detector> {
  return createOnnxDetector({ ...model, intraOpThreads });
}

/**
 * The pool's view of a camera. With `crop: zones` and the stream's size known (ingest probes it),
 * this also returns the pixel crop ingest must apply in ffmpeg before letterboxing; boxes are then
 * mapped back from the crop to the whole picture by the pool.
 */
export function poolCamera(
  camera: Pick<CameraConfig, 'motion' | 'crop' | 'zones'>,
  source?: { width: number; height: number; modelSize: number },
): PoolCamera & { pixelCrop?: PixelCrop } {
  if (camera.crop !== 'zones' || !source) return { motion: camera.motion };
  // Never crop below the model size: a smaller crop would be upscaled and gain nothing.
  const crop = zoneCrop(
    camera.zones.map((z) => z.polygon),
    { srcWidth: source.width, srcHeight: source.height, minSidePx: source.modelSize },
  );
  return crop ? { motion: camera.motion, crop: crop.rect, pixelCrop: crop.pixels } : { motion: camera.motion };
}

export interface PoolFromConfigOptions {
  metrics?: DetectMetrics;
  fetch?: FetchOptions;
  onError?: (error: Error, cameraId?: string) => void;
}

/** The agent's detector: model from the manifest, workers from `detector`, one gated slot per camera. */
export async function createDetectorPool(config: Pick<AgentConfig, 'model' | 'detector' | 'cameras'>, options: PoolFromConfigOptions = {}): Promise<DetectorPool> {
  const model = await loadDetectorModel(config.model, options.fetch);
  const pool = await DetectorPool.start({
    ...model,
    workers: workerCount(config.detector),
    intraOpThreads: config.detector.intraOpThreads,
    metrics: options.metrics,
    onError: options.onError,
  });
  for (const camera of config.cameras) pool.addCamera(camera.id, poolCamera(camera));
  return pool;
}
