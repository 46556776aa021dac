import { stat } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { ModelError, type ModelManifest } from '../models/model-manifest.js';
import type { ClassThresholds } from './candidate.js';
import { toDetections } from './box-map.js';
import { decodeOutput } from './decode-output.js';
import type { DetectInput, DetectOutcome, Detector, DetectionSettings } from './detector.js';
import { checkSessionAgainstManifest } from './model-check.js';
import { familyIndex } from './class-family.js';
import { classAwareNms } from './nms.js';
import { frameToChw } from './preprocess.js';
import { resolveThresholds } from './score-thresholds.js';

export interface OnnxDetectorOptions {
  manifest: ModelManifest;
  /** A file already found and hash-verified by fetchModel (or a test's own model). */
  modelPath: string;
  settings: DetectionSettings;
  /** Threads inside one session; 1 lets N sessions in N workers use N cores without contention. */
  intraOpThreads?: number;
}

/** Opens the session and checks it against the manifest; every failure names the file. */
export async function createOnnxDetector(options: OnnxDetectorOptions): Promise<Detector> {
  const { manifest, modelPath } = options;
  const thresholds = resolveThresholds(manifest.classes, options.settings);
  await assertReadable(modelPath, manifest);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, {
      intraOpNumThreads: options.intraOpThreads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (error) {
    throw new ModelError(`model file ${modelPath} cannot be loaded as ONNX (expected ${manifest.name}, format ${manifest.format}): ${(error as Error).message}`);
  }
  try {
    checkSessionAgainstManifest(session, manifest, modelPath);
  } catch (error) {
    await session.release();
    throw error;
  }
  return new OnnxDetector(session, manifest, thresholds, options.settings.nmsIou);
}

async function assertReadable(path: string, manifest: ModelManifest): Promise<void> {
  try {
    if ((await stat(path)).isFile()) return;
  } catch {
    // Reported below with what was expected there.
  }
  throw new ModelError(`model file ${path} is missing (expected ${manifest.file} for ${manifest.name}, sha256 ${manifest.sha256}; run "npm run models:fetch")`);
}

class OnnxDetector implements Detector {
  private readonly tensorData: Float32Array;
  private readonly tensor: ort.Tensor;
  private readonly families: Int32Array;
  private busy = false;

  constructor(
    private readonly session: ort.InferenceSession,
    readonly manifest: ModelManifest,
    private readonly thresholds: ClassThresholds,
    private readonly nmsIou: number,
  ) {
    const { width, height } = manifest.input;
    this.tensorData = new Float32Array(3 * width * height);
    this.families = familyIndex(manifest.classes);
    // The tensor wraps the reused buffer, so each frame only rewrites its floats.
    this.tensor = new ort.Tensor('float32', this.tensorData, [1, 3, height, width]);
  }

  async detect(input: DetectInput): Promise<DetectOutcome> {
    const { width, height, channelOrder, scale, name } = this.manifest.input;
    if (input.width !== width || input.height !== height) {
      throw new RangeError(`frame is ${input.width}x${input.height}, model ${this.manifest.name} needs ${width}x${height} (letterboxed by ingest)`);
    }
    // The reused tensor buffer allows one frame at a time per session; the pool never overlaps them.
    if (this.busy) throw new Error('OnnxDetector.detect called while a frame is still running');
    this.busy = true;
    try {
      frameToChw(input.data, input.pixelFormat, width, height, scale, channelOrder, this.tensorData);
      const started = performance.now();
      const results = await this.session.run({ [name]: this.tensor });
      const inferenceSeconds = (performance.now() - started) / 1000;
      const output = results[this.manifest.output.name];
      if (!output || !(output.data instanceof Float32Array)) throw new ModelError(`model ${this.manifest.name} returned no float32 "${this.manifest.output.name}"`);
      const candidates = decodeOutput(this.manifest, output.data, this.thresholds);
      for (const value of Object.values(results)) value.dispose();
      const kept = classAwareNms(candidates, this.nmsIou, undefined, this.families);
      return { detections: toDetections(kept, this.manifest.classes, input.letterbox, input.crop), inferenceSeconds };
    } finally {
      this.busy = false;
    }
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
