/*
 * The detect stage's public surface: the agent's frame loop uses createDetectorPool (or
 * DetectorPool.start) and consumes FrameDetections in each camera's order; one-off commands
 * use openDetector.
 */
export type { Box, Detection, FrameDetections } from './detection.js';
export type { DetectInput, DetectOutcome, Detector, DetectionSettings } from './detector.js';
export { defaultDetectionSettings } from './detector.js';
export { createOnnxDetector, type OnnxDetectorOptions } from './onnx-detector.js';
export { DetectorPool, type CameraStats, type DetectorPoolOptions, type PoolCamera } from './detector-pool.js';
export { detectStream } from './detect-stream.js';
export { createDetectorPool, loadDetectorModel, openDetector, poolCamera, workerCount, type DetectorModel } from './create-detector.js';
export { MotionGate, type GateDecision, type MotionGateOptions } from './motion-gate.js';
export { cropToFrame, ffmpegCropFilter, zoneCrop, type CropRect, type PixelCrop } from './zone-crop.js';
export { classAwareNms, iou } from './nms.js';
export { decodeOutput } from './decode-output.js';
export { UnknownClassError } from './score-thresholds.js';
