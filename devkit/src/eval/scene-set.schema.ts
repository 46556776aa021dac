import { ruleType, slugId } from '@wardwatch/contracts';
import { zoneSchema } from '@wardwatch/contracts/site-config';
import { z } from 'zod';

/*
 * The evaluation's scene set (devkit/eval/scenes.yaml): each scene is a video (composed from real
 * images, or a real clip), the zones the agent watches in it (exactly the agent's zone config) and
 * the cases a correct agent reports, written beside it. Every object is strict so a typo in the
 * ground truth ("stayStart") is an error, never a silently ignored expectation.
 */

const fraction = z.number().min(0, 'must be a frame fraction (0..1)').max(1, 'must be a frame fraction (0..1)');
const seconds = z.number().min(0, 'must be 0 or more seconds');
/** A fixture name under ../shared/fixtures (the project never copies real footage). */
const fixtureName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a file name under ../shared/fixtures (no folders)');

/** [x1, y1, x2, y2] in frame fractions, top-left then bottom-right. */
export const regionSchema = z
  .tuple([fraction, fraction, fraction, fraction], { error: 'must be [x1, y1, x2, y2] in frame fractions' })
  .superRefine(([x1, y1, x2, y2], ctx) => {
    if (x2 <= x1) ctx.addIssue({ code: 'custom', path: [2], message: 'x2 must be greater than x1' });
    if (y2 <= y1) ctx.addIssue({ code: 'custom', path: [3], message: 'y2 must be greater than y1' });
  });
export type Region = z.infer<typeof regionSchema>;

/** One case a correct agent reports: its trigger is due at stayStartS + the rule's grace in that zone. */
export const truthCaseSchema = z
  .object({
    rule: ruleType,
    zone: slugId,
    /** When the stay starts: the vehicle stands still, the person entered, the owner walked away. */
    stayStartS: seconds,
    /** A box the report's bbox must contain (give or take REGION_SLACK). */
    region: regionSchema,
    /** How the numbers were read (for a real clip), for the next reader. */
    note: z.string().optional(),
  })
  .strict();
export type TruthCase = z.infer<typeof truthCaseSchema>;

const keyframeSchema = z.object({ t: seconds, x: z.number(), y: z.number() }).strict();

export const spriteSpecSchema = z
  .object({
    /** Names the sprite in errors and in an object's `owner`. */
    id: slugId,
    /**
     * What the image shows, as the detector's class name (`car`, `person`), or `object` for a
     * thing no COCO class covers (a left bag). Ground truth follows from it: vehicles park,
     * persons encroach, objects are left by their owner.
     */
    label: z.string().min(1),
    /** For a left object: the sprite that set it down. */
    owner: slugId.optional(),
    fixture: fixtureName,
    atSeconds: seconds,
    /** The object's rectangle in the source clip, in source pixels; keep it tight around the object. */
    crop: z.object({ x: z.number().int().min(0), y: z.number().int().min(0), w: z.number().int().positive(), h: z.number().int().positive() }).strict(),
    scale: z.number().positive().max(8).optional(),
    /** Top-left corner in background pixels; visible from the first keyframe to the last. */
    path: z.array(keyframeSchema).min(1, 'a sprite needs at least one keyframe'),
  })
  .strict()
  .superRefine((sprite, ctx) => {
    sprite.path.forEach((k, i) => {
      const before = sprite.path[i - 1];
      if (before !== undefined && k.t <= before.t) ctx.addIssue({ code: 'custom', path: ['path', i, 't'], message: `keyframe times must increase (${before.t} then ${k.t})` });
    });
  });
export type SpriteSpec = z.infer<typeof spriteSpecSchema>;

export const composeSpecSchema = z
  .object({
    background: z.object({ fixture: fixtureName, atSeconds: seconds }).strict(),
    durationSeconds: z.number().positive().max(600),
    /** The rendered scene's frame rate (the camera's detect.fps is the scene's `fps`). */
    fps: z.number().positive().max(60).default(10),
    /** Temporal sensor noise of the clean scene (a real camera is never perfectly still). */
    noise: z.number().min(0).max(100).default(4),
    sprites: z.array(spriteSpecSchema).min(1),
  })
  .strict();
export type ComposeSpec = z.infer<typeof composeSpecSchema>;

export const sceneSchema = z
  .object({
    name: slugId,
    description: z.string().optional(),
    compose: composeSpecSchema.optional(),
    /** A real clip: a fixture name. */
    clip: fixtureName.optional(),
    /** Clip only: start this far into the clip... */
    startSeconds: seconds.optional(),
    /** ...and keep this long. */
    durationSeconds: z.number().positive().optional(),
    /** Clip only: play it again and again until it is this long (a short clip of a parked car). */
    loopSeconds: z.number().positive().max(600).optional(),
    /** Clip only: hold the last frame this much longer. */
    holdSeconds: z.number().positive().max(600).optional(),
    /** The camera's detect.fps for `edge-agent analyze` (5 is the agent's default). */
    fps: z.number().positive().max(30).default(5),
    zones: z.array(zoneSchema).min(1, 'a scene needs at least one zone'),
    truth: z.array(truthCaseSchema),
  })
  .strict()
  // Runs even when a field is malformed, so every bad key is reported in one go (hence the loose reads).
  .superRefine((scene, ctx) => crossCheck(scene, ctx), { when: () => true });
export type Scene = z.infer<typeof sceneSchema>;

/** A field of a value that may not be an object (the refinement also sees malformed input). */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Checks across fields: one source, unique ids, truth naming a zone of the scene and one of its rules. */
function crossCheck(scene: unknown, ctx: z.RefinementCtx): void {
  if (typeof scene !== 'object' || scene === null) return;
  const has = (key: string): boolean => field(scene, key) !== undefined;
  const issue = (path: (string | number)[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
  if (has('compose') === has('clip')) issue([], 'needs exactly one source: compose or clip');
  if (has('compose')) {
    for (const key of ['startSeconds', 'durationSeconds', 'loopSeconds', 'holdSeconds']) {
      if (has(key)) issue([key], 'only for a clip (a composed scene sets compose.durationSeconds)');
    }
    const ids = list(field(field(scene, 'compose'), 'sprites')).map((s) => field(s, 'id'));
    list(field(field(scene, 'compose'), 'sprites')).forEach((sprite, i) => {
      const id = field(sprite, 'id');
      const owner = field(sprite, 'owner');
      if (id !== undefined && ids.indexOf(id) !== i) issue(['compose', 'sprites', i, 'id'], `duplicate sprite id ${JSON.stringify(id)}`);
      if (owner !== undefined && !ids.includes(owner)) issue(['compose', 'sprites', i, 'owner'], `no sprite ${JSON.stringify(owner)} in this scene`);
    });
  }
  if (has('loopSeconds') && has('holdSeconds')) issue(['holdSeconds'], 'use loopSeconds or holdSeconds, not both');
  if (has('loopSeconds') && (has('startSeconds') || has('durationSeconds'))) issue(['loopSeconds'], 'a looped clip plays whole (no startSeconds or durationSeconds)');
  const zones = list(field(scene, 'zones'));
  const zoneIds = zones.map((z) => field(z, 'id'));
  zoneIds.forEach((id, i) => {
    if (id !== undefined && zoneIds.indexOf(id) !== i) issue(['zones', i, 'id'], `duplicate zone id ${JSON.stringify(id)}`);
  });
  list(field(scene, 'truth')).forEach((truth, i) => {
    const zoneId = field(truth, 'zone');
    const rule = field(truth, 'rule');
    if (typeof zoneId !== 'string') return;
    const zone = zones.find((z) => field(z, 'id') === zoneId);
    if (zone === undefined) {
      issue(['truth', i, 'zone'], `no zone "${zoneId}" in this scene (zones: ${zoneIds.filter((id) => typeof id === 'string').join(', ')})`);
      return;
    }
    const types = list(field(zone, 'rules')).map((r) => field(r, 'type'));
    if (typeof rule === 'string' && ruleType.safeParse(rule).success && !types.includes(rule)) {
      issue(['truth', i, 'rule'], `zone "${zoneId}" has no ${rule} rule (it has ${types.filter((t) => typeof t === 'string').join(', ')})`);
    }
  });
}

export const sceneSetSchema = z
  .object({ scenes: z.array(sceneSchema).min(1, 'a scene set needs at least one scene') })
  .strict()
  .superRefine(
    (set, ctx) => {
      const names = list(field(set, 'scenes')).map((s) => field(s, 'name'));
      names.forEach((name, i) => {
        if (typeof name === 'string' && names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['scenes', i, 'name'], message: `duplicate scene name "${name}"` });
      });
    },
    { when: () => true },
  );
export type SceneSet = z.infer<typeof sceneSetSchema>;

/** The grace time of `rule` in `zone` (defaults applied by the agent's own schema). */
export function graceSeconds(scene: Scene, rule: TruthCase['rule'], zoneId: string): number {
  const found = scene.zones.find((z) => z.id === zoneId)?.rules.find((r) => r.type === rule);
  if (found === undefined) throw new Error(`scene ${scene.name}: zone ${zoneId} has no ${rule} rule`);
  return found.graceSeconds;
}
