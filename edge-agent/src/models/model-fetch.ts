import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { repoRoot, sharedDir } from '../paths.js';
import { ModelError, type ModelManifest } from './model-manifest.js';

export interface ModelLocation {
  path: string;
  source: 'model-dir' | 'shared' | 'local' | 'download';
}

export interface FetchOptions {
  /** `$WARDWATCH_MODEL_DIR`: an operator's own folder of weights, looked at first. */
  modelDir?: string | undefined;
  /** Where a download is stored; defaults to `<repo>/models`. */
  downloadDir?: string;
  /** Places to look after modelDir; defaults to `../shared/models` and `<repo>/models`. */
  searchDirs?: readonly { dir: string; source: ModelLocation['source'] }[];
  allowDownload?: boolean;
  log?: (line: string) => void;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Throws ModelError naming the path and the expected hash when the file is not the model. */
export async function verifyModelFile(path: string, manifest: ModelManifest): Promise<void> {
  const actual = await sha256File(path);
  if (actual !== manifest.sha256) {
    throw new ModelError(
      `model file ${path} is corrupt or not ${manifest.name}: sha256 is ${actual}, expected ${manifest.sha256}` +
        ` (delete it and run "npm run models:fetch" again)`,
    );
  }
}

/**
 * Finds the model's weights: `$WARDWATCH_MODEL_DIR`, then `../shared/models`, then the repo's
 * own `models/`, then downloads from the manifest's upstream URL. Every hit is hash-verified.
 */
export async function fetchModel(manifest: ModelManifest, options: FetchOptions = {}): Promise<ModelLocation> {
  const log = options.log ?? (() => undefined);
  const candidates: { dir: string; source: ModelLocation['source'] }[] = [];
  if (options.modelDir) candidates.push({ dir: options.modelDir, source: 'model-dir' });
  candidates.push(
    ...(options.searchDirs ?? [
      { dir: join(sharedDir(), 'models'), source: 'shared' as const },
      { dir: join(repoRoot(), 'models'), source: 'local' as const },
    ]),
  );
  for (const { dir, source } of candidates) {
    const path = join(dir, manifest.file);
    if (!(await isFile(path))) continue;
    await verifyModelFile(path, manifest);
    log(`model ${manifest.name}: ${path} (sha256 verified)`);
    return { path, source };
  }
  const looked = candidates.map((c) => join(c.dir, manifest.file)).join(', ');
  if (options.allowDownload === false || !manifest.url) {
    throw new ModelError(`model ${manifest.name} not found (looked in ${looked}); expected sha256 ${manifest.sha256}`);
  }
  const target = join(options.downloadDir ?? join(repoRoot(), 'models'), manifest.file);
  log(`model ${manifest.name}: not found locally, downloading ${manifest.url}`);
  await download(manifest.url, target, manifest);
  return { path: target, source: 'download' };
}

async function download(url: string, target: string, manifest: ModelManifest): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.part`;
  try {
    const response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(120_000) });
    if (!response.ok || !response.body) throw new ModelError(`download of ${url} failed: HTTP ${response.status}`);
    const file = await open(temp, 'w');
    try {
      for await (const chunk of response.body) await file.write(chunk);
      await file.sync();
    } finally {
      await file.close();
    }
    await verifyModelFile(temp, manifest);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof ModelError) throw error;
    throw new ModelError(`download of ${manifest.name} from ${url} failed: ${(error as Error).message}; expected sha256 ${manifest.sha256} at ${target}`);
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    // Absent is an ordinary answer here, not an error.
    return false;
  }
}
