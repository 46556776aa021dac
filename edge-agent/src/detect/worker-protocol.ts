import type { Letterbox, PixelFormat } from '../ingest/frame.js';
import type { ModelManifest } from '../models/model-manifest.js';
import type { Detection } from './detection.js';
import type { DetectionSettings } from './detector.js';
import type { CropRect } from './zone-crop.js';

/** Messages between DetectorPool and detect-worker; plain data only (structured clone). */
export interface InitMessage {
  type: 'init';
  manifest: ModelManifest;
  modelPath: string;
  settings: DetectionSettings;
  intraOpThreads: number;
}

export interface DetectMessage {
  type: 'detect';
  id: number;
  /** The frame's pixels, transferred (not copied) to the worker. */
  buffer: ArrayBuffer;
  byteOffset: number;
  byteLength: number;
  width: number;
  height: number;
  pixelFormat: PixelFormat;
  letterbox: Letterbox;
  crop?: CropRect | undefined;
}

export type ToWorker = InitMessage | DetectMessage | { type: 'close' };

export type FromWorker =
  /** `osThreadId`: the kernel's id of the worker thread (Linux), for per-thread CPU accounting. */
  | { type: 'ready'; osThreadId?: number }
  | { type: 'init-error'; message: string; name: string }
  /** `buffer` is the frame's memory, transferred back for reuse. */
  | { type: 'result'; id: number; detections: Detection[]; inferenceSeconds: number; buffer: ArrayBuffer }
  | { type: 'detect-error'; id: number; message: string; buffer: ArrayBuffer }
  | { type: 'closed' };
