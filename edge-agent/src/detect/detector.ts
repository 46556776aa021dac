import type { ModelManifest } from '../models/model-manifest.js';
import type { Frame } from '../ingest/frame.js';
import type { Detection } from './detection.js';
import type { CropRect } from './zone-crop.js';

/** What the detector needs of a frame: the pixels at model size and how they map back. */
export type DetectInput = Pick<Frame, 'width' | 'height' | 'pixelFormat' | 'data' | 'letterbox'> & {
  /** Set when ingest cut this region out of the camera picture before letterboxing it. */
  crop?: CropRect | undefined;
};

export interface DetectOutcome {
  detections: Detection[];
  /** Wall time of `session.run` alone, for the inference histogram. */
  inferenceSeconds: number;
}

/** One model session that turns a letterboxed frame into detections in frame fractions. */
export interface Detector {
  readonly manifest: ModelManifest;
  detect(input: DetectInput): Promise<DetectOutcome>;
  close(): Promise<void>;
}

/** Score and overlap settings, resolved from the agent config against the manifest's classes. */
export interface DetectionSettings {
  scoreThreshold: number;
  nmsIou: number;
  /** Class name -> minimum score; overrides scoreThreshold for that class. */
  perClassThresholds: Record<string, number>;
}

export const defaultDetectionSettings: DetectionSettings = { scoreThreshold: 0.3, nmsIou: 0.45, perClassThresholds: {} };
