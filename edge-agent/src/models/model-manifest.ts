import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssues, sha256Hex } from '@wardwatch/contracts';
import { z } from 'zod';
import { repoRoot } from '../paths.js';

/** Output layouts the detector can decode; a city's own fine-tuned model picks one. */
export const modelFormats = ['yolox', 'yolov5', 'yolov8'] as const;
export type ModelFormat = (typeof modelFormats)[number];

export const modelManifestSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/),
    format: z.enum(modelFormats),
    file: z.string().regex(/^[A-Za-z0-9._-]+\.onnx$/, 'must be a plain .onnx file name'),
    sha256: sha256Hex,
    bytes: z.number().int().positive().optional(),
    url: z.url().optional(),
    licence: z.string().optional(),
    input: z
      .object({
        name: z.string().min(1),
        width: z.number().int().positive(),
        height: z.number().int().positive(),
        channelOrder: z.enum(['bgr', 'rgb']),
        /** Pixel values are multiplied by this (1 for YOLOX's 0-255, 1/255 for Ultralytics). */
        scale: z.number().positive(),
        padValue: z.number().int().min(0).max(255).default(114),
      })
      .strict(),
    output: z.object({ name: z.string().min(1) }).strict(),
    classes: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type ModelManifest = z.infer<typeof modelManifestSchema>;

export class ModelError extends Error {
  override name = 'ModelError';
}

/** `yolox_nano` -> `<repo>/models/yolox_nano.json`; anything with a slash or `.json` is a path. */
export function manifestPath(nameOrPath: string): string {
  return nameOrPath.includes('/') || nameOrPath.endsWith('.json') ? nameOrPath : join(repoRoot(), 'models', `${nameOrPath}.json`);
}

export async function loadModelManifest(nameOrPath: string): Promise<ModelManifest> {
  const path = manifestPath(nameOrPath);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ModelError(`model manifest ${path}: ${(error as Error).message}`);
  }
  const parsed = modelManifestSchema.safeParse(raw);
  if (!parsed.success) throw new ModelError(`model manifest ${path}: ${formatIssues(parsed.error).join('; ')}`);
  return parsed.data;
}
