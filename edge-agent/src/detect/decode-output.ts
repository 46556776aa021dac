import type { ModelManifest } from '../models/model-manifest.js';
import type { Candidate, ClassThresholds } from './candidate.js';
import { decodeYolov5 } from './decode-yolov5.js';
import { decodeYolov8 } from './decode-yolov8.js';
import { decodeYolox, yoloxRowCount } from './decode-yolox.js';

/** Picks the decoder named by the manifest, so a city's own model is a manifest change, not a code change. */
export function decodeOutput(manifest: ModelManifest, data: Float32Array, thresholds: ClassThresholds): Candidate[] {
  const classCount = manifest.classes.length;
  switch (manifest.format) {
    case 'yolox':
      return decodeYolox(data, manifest.input.width, manifest.input.height, classCount, thresholds);
    case 'yolov5':
      return decodeYolov5(data, classCount, thresholds);
    case 'yolov8':
      return decodeYolov8(data, classCount, thresholds);
  }
}

/**
 * The output shape the manifest implies; `null` marks a dimension any size may fill (the box
 * count of v5/v8 exports depends on the input size and head layout).
 */
export function expectedOutputShape(manifest: ModelManifest): (number | null)[] {
  const classCount = manifest.classes.length;
  switch (manifest.format) {
    case 'yolox':
      return [1, yoloxRowCount(manifest.input.width, manifest.input.height), 5 + classCount];
    case 'yolov5':
      return [1, null, 5 + classCount];
    case 'yolov8':
      return [1, 4 + classCount, null];
  }
}
