/** A point of a sprite's path: at `t` seconds its top-left corner is at (x, y) output pixels. */
export interface Keyframe {
  t: number;
  x: number;
  y: number;
}

/** A real object cut from a real clip, moved along a path over the background. */
export interface Sprite {
  file: string;
  atSeconds: number;
  /** The object's rectangle in the source clip, in source pixels. */
  crop: { x: number; y: number; w: number; h: number };
  /** Resize factor applied to the crop. */
  scale?: number;
  /** Piecewise-linear path; the sprite is visible from the first keyframe to the last. */
  path: Keyframe[];
}

/**
 * A composed scene with exact ground truth: a still frame of a real empty background and real
 * object images moving over it on a script. Same spec, same file (it is cached by content).
 */
export interface SceneSpec {
  name: string;
  background: { file: string; atSeconds: number };
  durationSeconds: number;
  fps: number;
  sprites: Sprite[];
  /** Temporal sensor noise strength (ffmpeg `noise` filter, 0 = none); real cameras are never still. */
  noise?: number;
}

/** ffmpeg expression for a piecewise-linear coordinate along the keyframes. */
export function pathExpression(path: readonly Keyframe[], axis: 'x' | 'y'): string {
  if (path.length === 0) throw new Error('a sprite path needs at least one keyframe');
  const last = path[path.length - 1]!;
  let expr = String(last[axis]);
  for (let i = path.length - 2; i >= 0; i -= 1) {
    const a = path[i]!;
    const b = path[i + 1]!;
    const span = b.t - a.t;
    if (span <= 0) throw new Error(`keyframes must have increasing times (got ${a.t} then ${b.t})`);
    const segment = a[axis] === b[axis] ? String(a[axis]) : `${a[axis]}+(${b[axis] - a[axis]})*(t-${a.t})/${span}`;
    expr = `if(lt(t,${b.t}),${segment},${expr})`;
  }
  return expr;
}

/** The intervals during which a sprite does not move (from one keyframe to an identical next). */
export function stationaryIntervals(sprite: Sprite): { from: number; to: number; x: number; y: number }[] {
  const out: { from: number; to: number; x: number; y: number }[] = [];
  for (let i = 0; i + 1 < sprite.path.length; i += 1) {
    const a = sprite.path[i]!;
    const b = sprite.path[i + 1]!;
    if (a.x === b.x && a.y === b.y) out.push({ from: a.t, to: b.t, x: a.x, y: a.y });
  }
  return out;
}
