import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, fixturePath } from '../paths.js';
import { composeScene } from '../scenes/compose-scene.js';
import type { SceneSpec } from '../scenes/scene-spec.js';
import { CONDITIONS, type ConditionName } from './eval-conditions.js';
import type { ComposeSpec, Scene } from './scene-set.schema.js';

/*
 * The evaluation's videos, all generated under `.cache/eval/` (git-ignored) and cached by content:
 * a scene's clean video (composed, or the clip trimmed, looped or held), then each condition
 * rendered from it. A cached file is only ever replaced by an atomic rename.
 */

const run = promisify(execFile);
/** Part of every cache key: bump it when a recipe below changes. */
const RECIPE = 'eval-v1';

export function evalCacheDir(): string {
  return cacheDir('eval');
}

/** The composeScene spec of a composed scene (sprites are read from the shared fixtures). */
export function sceneSpecOf(name: string, compose: ComposeSpec): SceneSpec {
  return {
    name,
    background: { file: fixturePath(compose.background.fixture), atSeconds: compose.background.atSeconds },
    durationSeconds: compose.durationSeconds,
    fps: compose.fps,
    noise: compose.noise,
    sprites: compose.sprites.map((s) => ({ file: fixturePath(s.fixture), atSeconds: s.atSeconds, crop: s.crop, ...(s.scale === undefined ? {} : { scale: s.scale }), path: s.path })),
  };
}

/** The scene's clean video: composed, the clip itself, or the clip trimmed / looped / held. */
export async function cleanVideo(scene: Scene, dir: string = evalCacheDir()): Promise<string> {
  if (scene.compose !== undefined) return composeScene(sceneSpecOf(scene.name, scene.compose), join(dir, 'scenes'));
  const clip = fixturePath(scene.clip!);
  const { startSeconds, durationSeconds, loopSeconds, holdSeconds } = scene;
  if (startSeconds === undefined && durationSeconds === undefined && loopSeconds === undefined && holdSeconds === undefined) return clip;
  const fps = await frameRate(clip);
  const args = [
    ...(startSeconds === undefined ? [] : ['-ss', String(startSeconds)]),
    ...(loopSeconds === undefined ? [] : ['-stream_loop', '-1']),
    '-i', clip,
    ...(holdSeconds === undefined ? [] : ['-vf', `tpad=stop_mode=clone:stop_duration=${holdSeconds}`]),
    ...(durationSeconds === undefined ? [] : ['-t', String(durationSeconds)]),
    ...(loopSeconds === undefined ? [] : ['-t', String(loopSeconds)]),
    '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-g', String(Math.max(1, Math.round(fps * 2))), '-threads', '1',
  ];
  return render(scene.name, 'clean', [clip], args, dir);
}

/** The scene's video in `condition`, rendered from its clean video. */
export async function conditionVideo(sceneName: string, clean: string, condition: ConditionName, dir: string = evalCacheDir()): Promise<string> {
  const spec = CONDITIONS[condition];
  if (spec.filter === undefined) return clean;
  const args = ['-i', clean, '-vf', spec.filter, '-filter_threads', '1', '-an', ...(spec.encode ?? [])];
  return render(sceneName, condition, [clean], args, dir);
}

/**
 * Renders in progress in this process, by output path: the conditions of one scene are prepared
 * side by side and all ask for its clean video. Two ffmpeg runs writing one temp file had left a
 * clip cut to its last 14 s in the cache (real-bag-left, starved), which the eval then scored.
 */
const rendering = new Map<string, Promise<string>>();

/** Runs `ffmpeg <args> out` into a file named by the inputs' content and the arguments. */
async function render(sceneName: string, label: string, inputs: string[], args: string[], dir: string): Promise<string> {
  const hash = createHash('sha256').update(RECIPE).update(JSON.stringify(args.map((a) => (inputs.includes(a) ? '<input>' : a))));
  for (const input of inputs) hash.update(await fileDigest(input));
  const out = join(dir, `${sceneName}-${label}-${hash.digest('hex').slice(0, 12)}.mp4`);
  let pending = rendering.get(out);
  if (pending === undefined) {
    pending = renderOnce(sceneName, label, args, out, dir).finally(() => rendering.delete(out));
    rendering.set(out, pending);
  }
  return pending;
}

async function renderOnce(sceneName: string, label: string, args: string[], out: string, dir: string): Promise<string> {
  if (await nonEmpty(out)) return out;
  await mkdir(dir, { recursive: true });
  // Unique per process and call: another process (a test, a second eval) may render the same file.
  const temp = `${out}.${process.pid}.${randomUUID().slice(0, 8)}.part.mp4`;
  try {
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, '-movflags', '+faststart', temp], { maxBuffer: 4 * 1024 * 1024 });
    await rename(temp, out);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`rendering ${sceneName} (${label}) failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
  return out;
}

const digests = new Map<string, Promise<string>>();

/** sha256 of a file's bytes (memoised per path and size/mtime for one process). */
async function fileDigest(path: string): Promise<string> {
  const info = await stat(path);
  const key = `${path}:${info.size}:${info.mtimeMs}`;
  let digest = digests.get(key);
  if (digest === undefined) {
    digest = new Promise<string>((resolve, reject) => {
      const hash = createHash('sha256');
      createReadStream(path)
        .on('data', (chunk) => hash.update(chunk))
        .on('error', reject)
        .on('end', () => resolve(hash.digest('hex')));
    });
    digests.set(key, digest);
  }
  return digest;
}

async function nonEmpty(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    // Not rendered yet.
    return false;
  }
}

/** Width, height and duration of a video (or of a still's source clip). */
export async function probeVideo(file: string): Promise<{ width: number; height: number; durationS: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height:format=duration', '-of', 'json', file]);
  const info = JSON.parse(stdout) as { streams?: { width?: number; height?: number }[]; format?: { duration?: string } };
  const stream = info.streams?.[0];
  if (stream?.width === undefined || stream.height === undefined) throw new Error(`${file}: no video stream`);
  return { width: stream.width, height: stream.height, durationS: Number(info.format?.duration ?? 'NaN') };
}

async function frameRate(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=r_frame_rate', '-of', 'csv=p=0', file]);
  const [num, den] = stdout.trim().split('/').map(Number);
  return num && den ? num / den : 25;
}
