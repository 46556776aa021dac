import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { formatPath } from '@wardwatch/contracts';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { fixturePath, repoRoot } from '../paths.js';
import { deriveTruth } from './derive-truth.js';
import { probeVideo } from './eval-media.js';
import { graceSeconds, sceneSetSchema, type ComposeSpec, type Scene, type TruthCase } from './scene-set.schema.js';
import type { ExpectedCase } from './score.js';

/*
 * Reads and checks a scene set before anything is rendered or analysed: the schema (every bad key
 * at once, with its path), the fixtures it names, and for a composed scene that the written truth
 * is exactly what its keyframes imply. Any problem is a SceneSetError naming the file, the scene
 * and the key.
 */

/** A scene set that cannot be evaluated; `problems` has one line per bad key. */
export class SceneSetError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'SceneSetError';
  }
}

export interface LoadedScene {
  scene: Scene;
  /** The truth cases with their due trigger times (stayStartS + grace). */
  expected: ExpectedCase[];
  durationS: number;
}

export interface LoadedSceneSet {
  file: string;
  scenes: LoadedScene[];
}

/** How far written truth may be from what the keyframes give (they are written rounded). */
const WRITTEN_TIME_S = 0.05;
const WRITTEN_FRACTION = 0.002;

export async function loadSceneSet(file: string): Promise<LoadedSceneSet> {
  const shown = displayName(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SceneSetError(shown, [`cannot read the scene set (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw new SceneSetError(shown, doc.errors.map((e) => `YAML: ${e.message}`));
  const raw: unknown = doc.toJS();
  const parsed = sceneSetSchema.safeParse(raw);
  if (!parsed.success) throw new SceneSetError(shown, schemaProblems(parsed.error, raw));

  const problems: string[] = [];
  const scenes: LoadedScene[] = [];
  for (const [index, scene] of parsed.data.scenes.entries()) {
    const where = `scene "${scene.name}" (scenes[${index}])`;
    const own: string[] = [];
    const loaded = await checkScene(scene, own);
    problems.push(...own.map((p) => `${where}: ${p}`));
    if (loaded !== undefined && own.length === 0) scenes.push(loaded);
  }
  if (problems.length > 0) throw new SceneSetError(shown, problems);
  return { file, scenes };
}

/** The scene with its expected cases, or undefined with `problems` filled in. */
async function checkScene(scene: Scene, problems: string[]): Promise<LoadedScene | undefined> {
  scene.zones.forEach((zone, i) => {
    if (zone.schedule !== undefined) problems.push(`zones[${i}].schedule: not supported here (the truth assumes every rule is always on)`);
  });
  const missing = async (key: string, name: string): Promise<boolean> => {
    if (await isFile(fixturePath(name))) return false;
    problems.push(`${key}: no such fixture ${fixturePath(name)}`);
    return true;
  };

  let durationS: number;
  if (scene.compose !== undefined) {
    const compose = scene.compose;
    const absent = [await missing('compose.background.fixture', compose.background.fixture)];
    for (const [i, sprite] of compose.sprites.entries()) absent.push(await missing(`compose.sprites[${i}].fixture`, sprite.fixture));
    if (absent.some(Boolean)) return undefined;
    durationS = compose.durationSeconds;
    const frame = await probeVideo(fixturePath(compose.background.fixture));
    const derived = deriveTruth(scene as Scene & { compose: ComposeSpec }, frame);
    problems.push(...derived.ambiguities.map((a) => `compose: ambiguous, ${a}`));
    problems.push(...compareTruth(scene.truth, derived.cases));
  } else {
    if (await missing('clip', scene.clip!)) return undefined;
    const clip = await probeVideo(fixturePath(scene.clip!));
    const played = scene.loopSeconds ?? scene.durationSeconds ?? clip.durationS - (scene.startSeconds ?? 0);
    durationS = played + (scene.holdSeconds ?? 0);
  }

  const expected = scene.truth.map((truth) => ({ ...truth, dueS: round2(truth.stayStartS + graceSeconds(scene, truth.rule, truth.zone)) }));
  expected.forEach((c, i) => {
    if (c.dueS > durationS) problems.push(`truth[${i}].stayStartS: due at ${c.dueS} s (stay start + grace), after the end of the scene (${round2(durationS)} s)`);
  });
  return { scene, expected, durationS };
}

/** Differences between written truth and what the keyframes imply, one line per key. */
export function compareTruth(written: readonly TruthCase[], derived: readonly TruthCase[]): string[] {
  const problems: string[] = [];
  const unused = new Set(derived);
  const same = (a: TruthCase, b: TruthCase): boolean =>
    a.rule === b.rule && a.zone === b.zone && Math.abs(a.stayStartS - b.stayStartS) <= WRITTEN_TIME_S && a.region.every((v, k) => Math.abs(v - b.region[k]!) <= WRITTEN_FRACTION);
  const unmatched: number[] = [];
  written.forEach((truth, i) => {
    const exact = [...unused].find((d) => same(truth, d));
    if (exact !== undefined) unused.delete(exact);
    else unmatched.push(i);
  });
  for (const i of unmatched) {
    const truth = written[i]!;
    const near = [...unused].filter((d) => d.rule === truth.rule && d.zone === truth.zone).sort((a, b) => Math.abs(a.stayStartS - truth.stayStartS) - Math.abs(b.stayStartS - truth.stayStartS))[0];
    if (near === undefined) {
      problems.push(`truth[${i}]: the keyframes imply no (further) ${truth.rule} case in zone ${truth.zone}`);
      continue;
    }
    unused.delete(near);
    if (Math.abs(near.stayStartS - truth.stayStartS) > WRITTEN_TIME_S) problems.push(`truth[${i}].stayStartS: the keyframes give ${near.stayStartS}`);
    if (near.region.some((v, k) => Math.abs(v - truth.region[k]!) > WRITTEN_FRACTION)) problems.push(`truth[${i}].region: the keyframes give [${near.region.join(', ')}]`);
  }
  for (const d of unused) problems.push(`truth: the keyframes imply a ${d.rule} case in zone ${d.zone} that is not listed: { rule: ${d.rule}, zone: ${d.zone}, stayStartS: ${d.stayStartS}, region: [${d.region.join(', ')}] }`);
  return problems;
}

/** zod's issues as `scene "name" (scenes[2]): truth[0].rule: message` lines. */
function schemaProblems(error: z.ZodError, raw: unknown): string[] {
  const scenes = (raw as { scenes?: unknown } | null)?.scenes;
  return error.issues.flatMap((issue) => {
    const path = [...issue.path];
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
    const message = issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message;
    return keys.map((p) => {
      if (p[0] === 'scenes' && typeof p[1] === 'number') {
        const name = Array.isArray(scenes) ? (scenes[p[1]] as { name?: unknown } | undefined)?.name : undefined;
        const scene = typeof name === 'string' ? `scene "${name}" (scenes[${p[1]}])` : `scenes[${p[1]}]`;
        return p.length > 2 ? `${scene}: ${formatPath(p.slice(2))}: ${message}` : `${scene}: ${message}`;
      }
      return `${formatPath(p)}: ${message}`;
    });
  });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    // Missing or unreadable: reported by the caller.
    return false;
  }
}

function displayName(file: string): string {
  const rel = relative(repoRoot(), file);
  return rel.startsWith('..') ? file : rel;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
