import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameDetections } from '../../src/detect/detection.js';
import { cocoNames } from './coco-names.js';

/**
 * Detections of the real model on a real (or composed) clip, saved by record-detections.ts:
 * per frame [timestampMs, [[classId, score, x1, y1, x2, y2], ...]] with boxes in frame fractions.
 */
export interface RecordedSequence {
  source: string;
  fps: number;
  width: number;
  height: number;
  scoreThreshold: number;
  frames: [number, [number, number, number, number, number, number][]][];
}

export function loadRecorded(name: string, cameraId = 'cam-1'): { meta: RecordedSequence; frames: FrameDetections[] } {
  const meta = JSON.parse(readFileSync(join(import.meta.dirname, 'recorded', name), 'utf8')) as RecordedSequence;
  const frames = meta.frames.map(([timestampMs, dets], seq) => ({
    cameraId,
    seq,
    timestampMs,
    inferred: true,
    detections: dets.map(([classId, score, x1, y1, x2, y2]) => ({ classId, score, className: cocoNames[classId] ?? `class-${classId}`, box: { x1, y1, x2, y2 } })),
  }));
  return { meta, frames };
}
