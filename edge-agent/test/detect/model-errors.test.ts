import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetectorPool } from '../../src/detect/detector-pool.js';
import { defaultDetectionSettings } from '../../src/detect/detector.js';
import { createOnnxDetector } from '../../src/detect/onnx-detector.js';
import { fetchModel } from '../../src/models/model-fetch.js';
import { loadModelManifest, ModelError, type ModelManifest } from '../../src/models/model-manifest.js';
import { modelPath } from './fixture-frames.js';

let dir: string;
let manifest: ModelManifest;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wardwatch-model-'));
  manifest = await loadModelManifest('yolox_nano');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const settings = defaultDetectionSettings;

describe('a bad model fails at start, naming the file and what was expected', () => {
  it('missing: names the path and the expected file and hash', async () => {
    const path = join(dir, 'absent.onnx');
    const error = await createOnnxDetector({ manifest, modelPath: path, settings }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain(manifest.sha256);
  });

  it('missing from every search folder: fetchModel names where it looked', async () => {
    const error = await fetchModel(manifest, { searchDirs: [{ dir, source: 'local' }], allowDownload: false }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(join(dir, manifest.file));
  });

  it('corrupt (hash mismatch): fetchModel refuses it before onnxruntime sees it', async () => {
    await writeFile(join(dir, manifest.file), 'not a model');
    const error = await fetchModel(manifest, { searchDirs: [{ dir, source: 'local' }], allowDownload: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toMatch(/corrupt.*expected e8af/);
    await rm(join(dir, manifest.file));
  });

  it('corrupt (not ONNX at all): names the file and the expected model', async () => {
    const path = join(dir, 'garbage.onnx');
    await writeFile(path, Buffer.alloc(4096, 7));
    const error = await createOnnxDetector({ manifest, modelPath: path, settings }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('yolox_nano');
  });

  it('unexpected input size: names both shapes', async () => {
    const wrong = { ...manifest, input: { ...manifest.input, width: 640, height: 640 } };
    const error = await createOnnxDetector({ manifest: wrong, modelPath: modelPath(), settings }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toContain(modelPath());
    expect((error as Error).message).toContain('expected input "images" float32 [any, 3, 640, 640], found float32 [1, 3, 416, 416]');
  });

  it('unexpected output layout (a yolov8 manifest on a YOLOX file): names both shapes', async () => {
    const wrong = { ...manifest, format: 'yolov8' as const };
    const error = await createOnnxDetector({ manifest: wrong, modelPath: modelPath(), settings }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('expected output "output" float32 [1, 84, any], found float32 [1, 3549, 85]');
  });

  it('wrong tensor names: lists the names the model has', async () => {
    const wrong = { ...manifest, input: { ...manifest.input, name: 'input0' } };
    const error = await createOnnxDetector({ manifest: wrong, modelPath: modelPath(), settings }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('expected input "input0"');
    expect((error as Error).message).toContain('"images"');
  });

  it('the worker pool reports the same error from its worker threads', async () => {
    const path = join(dir, 'copy.onnx');
    await copyFile(modelPath(), path);
    const wrong = { ...manifest, classes: manifest.classes.slice(0, 20) };
    const error = await DetectorPool.start({ manifest: wrong, modelPath: path, settings, workers: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('[1, 3549, 25]');
  });
});
