import type { ZoneConfig } from '@wardwatch/contracts/site-config';
import { anchorPoint, clipToFrame, pointInPolygon, pointToBoxDistance, regionArea, unionRegion, type Point } from './frame-geometry.js';
import type { ComposeSpec, Region, Scene, SpriteSpec, TruthCase } from './scene-set.schema.js';

/*
 * Ground truth of a composed scene, from its keyframes alone (never from what the agent reports):
 * - illegal_parking: a vehicle sprite standing still with its anchor in the zone for longer than
 *   the grace time; the stay starts when it stops.
 * - sidewalk_encroachment: a person (by time in the zone, moving or not) or a parked vehicle
 *   (while still) in the zone for longer than the grace time; one case per episode, which lasts
 *   until the zone has been clear for clearSeconds. The stay starts when the first one entered.
 * - littering: a sprite with an `owner` (set down by a person) once no person is within twice its
 *   width of its centre (README: the AVSS 2007 convention), for longer than the grace time.
 * Times come from a 10 ms grid and are rounded to 0.01 s.
 */

/** The grid on which visibility and distances are sampled. */
const STEP_S = 0.01;
/**
 * A stay within this much of its grace time, or a trigger this close to the end of the scene, is
 * a coin flip for any agent (its stationary test needs a 3 s window): such a scene is refused
 * instead of scored.
 */
export const AMBIGUITY_MARGIN_S = 3;
/** The owner is gone beyond this many object widths (README, littering). */
const OWNER_DISTANCE_WIDTHS = 2;
/** Encroachment counts these only while they are parked (README, sidewalk_encroachment). */
const PARKED_ONLY = new Set(['motorcycle', 'bicycle', 'car', 'truck', 'bus']);

export interface FrameSize {
  width: number;
  height: number;
}

export interface Derivation {
  cases: TruthCase[];
  /** Why the scene cannot be judged fairly (a stay too close to its grace time, ...). */
  ambiguities: string[];
}

type Interval = { from: number; to: number };
type ComposedScene = Scene & { compose: ComposeSpec };

export function deriveTruth(scene: ComposedScene, frame: FrameSize): Derivation {
  const out: Derivation = { cases: [], ambiguities: [] };
  const geometry = new SceneGeometry(scene.compose, frame);
  for (const zone of scene.zones) {
    for (const rule of zone.rules) {
      const grace = rule.graceSeconds;
      const accepts = (label: string): boolean => rule.classes.includes(label) && (zone.classes === undefined || zone.classes.includes(label));
      const ctx = { zone, grace, geometry, out, end: scene.compose.durationSeconds };
      if (rule.type === 'illegal_parking') parkingCases(ctx, scene.compose.sprites.filter((s) => accepts(s.label)));
      else if (rule.type === 'sidewalk_encroachment') encroachmentCases(ctx, scene.compose.sprites.filter((s) => accepts(s.label)), rule.clearSeconds);
      else litteringCases(ctx, scene.compose.sprites, rule.minAreaFraction);
    }
  }
  out.cases.sort((a, b) => a.stayStartS - b.stayStartS || a.zone.localeCompare(b.zone) || a.rule.localeCompare(b.rule));
  return out;
}

interface RuleContext {
  zone: ZoneConfig;
  grace: number;
  geometry: SceneGeometry;
  out: Derivation;
  end: number;
}

function parkingCases(ctx: RuleContext, vehicles: SpriteSpec[]): void {
  for (const sprite of vehicles) {
    for (const stop of ctx.geometry.stops(sprite)) {
      const region = ctx.geometry.region(sprite, stop.from);
      if (region === undefined || !inZone(ctx.zone, region)) continue;
      addIfStays(ctx, 'illegal_parking', `${sprite.id} stopped`, stop, region);
    }
  }
}

function encroachmentCases(ctx: RuleContext, sprites: SpriteSpec[], clearSeconds: number): void {
  const presences: (Interval & { sprite: SpriteSpec })[] = [];
  for (const sprite of sprites) {
    const intervals = PARKED_ONLY.has(sprite.label)
      ? ctx.geometry.stops(sprite).filter((stop) => {
          const region = ctx.geometry.region(sprite, stop.from);
          return region !== undefined && inZone(ctx.zone, region);
        })
      : ctx.geometry.intervals((t) => {
          const region = ctx.geometry.region(sprite, t);
          return region !== undefined && inZone(ctx.zone, region);
        });
    for (const interval of intervals) presences.push({ ...interval, sprite });
  }
  let episodeOpenUntil = -Infinity;
  const staying = presences.filter((p) => checkStay(ctx, `${p.sprite.id} in the zone`, p)).sort((a, b) => a.from - b.from);
  for (const presence of staying) {
    const trigger = presence.from + ctx.grace;
    if (trigger <= episodeOpenUntil) continue;
    const present = presences.filter((p) => p.from <= trigger && p.to >= trigger);
    const region = unionRegion(present.map((p) => ctx.geometry.region(p.sprite, trigger)).filter((r) => r !== undefined));
    if (region !== undefined) push(ctx, 'sidewalk_encroachment', presence.from, region);
    // The episode runs while anyone is in the zone, and a gap shorter than clearSeconds joins it.
    let last = presence.to;
    for (const p of [...presences].sort((a, b) => a.from - b.from)) if (p.from <= last + clearSeconds) last = Math.max(last, p.to);
    episodeOpenUntil = last + clearSeconds;
  }
}

function litteringCases(ctx: RuleContext, sprites: SpriteSpec[], minAreaFraction: number): void {
  const persons = sprites.filter((s) => s.label === 'person');
  for (const object of sprites.filter((s) => s.owner !== undefined)) {
    const first = object.path[0]!;
    if (object.path.some((k) => k.x !== first.x || k.y !== first.y)) {
      ctx.out.ambiguities.push(`sprite ${object.id}: a left object must not move (its keyframes change position)`);
      continue;
    }
    const region = ctx.geometry.region(object, first.t);
    if (region === undefined || regionArea(region) < minAreaFraction || !pointInPolygon(anchorPoint(region, ctx.zone.anchor), ctx.zone.polygon)) continue;
    const px = ctx.geometry.pixels(object, first.t)!;
    const centre: Point = [(px[0] + px[2]) / 2, (px[1] + px[3]) / 2];
    const reach = OWNER_DISTANCE_WIDTHS * (px[2] - px[0]);
    const runs = ctx.geometry.intervals((t) => ctx.geometry.visible(object, t) && persons.every((p) => {
      const box = ctx.geometry.pixels(p, t);
      return box === undefined || pointToBoxDistance(centre, box) > reach;
    }));
    // One case per object: the first time its owner stays away for the grace time.
    const run = runs.find((r) => checkStay(ctx, `${object.id} left (nobody within ${OWNER_DISTANCE_WIDTHS} widths)`, r));
    if (run !== undefined) push(ctx, 'littering', run.from, region);
  }
}

/** Adds a case when the stay outlasts the grace time. */
function addIfStays(ctx: RuleContext, rule: TruthCase['rule'], what: string, stay: Interval, region: Region): void {
  if (checkStay(ctx, what, stay)) push(ctx, rule, stay.from, region);
}

/** True when the stay outlasts the grace time; notes the stays no agent can be fairly judged on. */
function checkStay(ctx: RuleContext, what: string, stay: Interval): boolean {
  const to = Math.min(stay.to, ctx.end);
  const due = stay.from + ctx.grace;
  const where = `zone ${ctx.zone.id}: ${what} from ${round(stay.from, 2)} s to ${round(to, 2)} s, grace ${ctx.grace} s`;
  if (stay.to < ctx.end) {
    if (Math.abs(to - due) < AMBIGUITY_MARGIN_S) ctx.out.ambiguities.push(`${where}: the stay ends within ${AMBIGUITY_MARGIN_S} s of its trigger`);
  } else if (Math.abs(ctx.end - due) < AMBIGUITY_MARGIN_S) ctx.out.ambiguities.push(`${where}: the trigger falls within ${AMBIGUITY_MARGIN_S} s of the end of the scene`);
  return to > due;
}

function push(ctx: RuleContext, rule: TruthCase['rule'], stayStartS: number, region: Region): void {
  ctx.out.cases.push({ rule, zone: ctx.zone.id, stayStartS: round(stayStartS, 2), region: region.map((v) => round(v, 4)) as Region });
}

function inZone(zone: ZoneConfig, region: Region): boolean {
  return regionArea(region) >= zone.minBoxArea && pointInPolygon(anchorPoint(region, zone.anchor), zone.polygon);
}

/** Where the sprites are, as composeScene draws them. */
class SceneGeometry {
  constructor(
    private readonly spec: ComposeSpec,
    private readonly frame: FrameSize,
  ) {}

  visible(sprite: SpriteSpec, t: number): boolean {
    return t >= sprite.path[0]!.t && t <= sprite.path[sprite.path.length - 1]!.t && t <= this.spec.durationSeconds;
  }

  /** The sprite's box in background pixels at `t` (undefined while it is not drawn). */
  pixels(sprite: SpriteSpec, t: number): Region | undefined {
    if (!this.visible(sprite, t)) return undefined;
    const scale = sprite.scale ?? 1;
    // composeScene rounds a scaled crop to whole pixels.
    const w = scale === 1 ? sprite.crop.w : Math.round(sprite.crop.w * scale);
    const h = scale === 1 ? sprite.crop.h : Math.round(sprite.crop.h * scale);
    const [x, y] = position(sprite, t);
    return [x, y, x + w, y + h];
  }

  /** The visible part of the sprite in frame fractions. */
  region(sprite: SpriteSpec, t: number): Region | undefined {
    const px = this.pixels(sprite, t);
    return px && clipToFrame([px[0] / this.frame.width, px[1] / this.frame.height, px[2] / this.frame.width, px[3] / this.frame.height]);
  }

  /** Where the sprite stands still: consecutive identical keyframes, joined. */
  stops(sprite: SpriteSpec): Interval[] {
    const out: Interval[] = [];
    for (let i = 0; i + 1 < sprite.path.length; i += 1) {
      const a = sprite.path[i]!;
      const b = sprite.path[i + 1]!;
      if (a.x !== b.x || a.y !== b.y) continue;
      const previous = out[out.length - 1];
      if (previous !== undefined && previous.to === a.t) previous.to = b.t;
      else out.push({ from: a.t, to: b.t });
    }
    return out;
  }

  /** The intervals of the scene during which `holds` is true, sampled every STEP_S. */
  intervals(holds: (t: number) => boolean): Interval[] {
    const out: Interval[] = [];
    const steps = Math.round(this.spec.durationSeconds / STEP_S);
    let start: number | undefined;
    for (let k = 0; k <= steps; k += 1) {
      const t = k * STEP_S;
      if (holds(t)) start ??= t;
      else if (start !== undefined) {
        out.push({ from: start, to: t });
        start = undefined;
      }
    }
    if (start !== undefined) out.push({ from: start, to: this.spec.durationSeconds });
    return out;
  }
}

/** The keyframed position at `t`, as pathExpression interpolates it. */
function position(sprite: SpriteSpec, t: number): [number, number] {
  const path = sprite.path;
  for (let i = 0; i + 1 < path.length; i += 1) {
    const a = path[i]!;
    const b = path[i + 1]!;
    if (t < b.t) {
      const f = (t - a.t) / (b.t - a.t);
      return [a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f];
    }
  }
  const last = path[path.length - 1]!;
  return [last.x, last.y];
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
