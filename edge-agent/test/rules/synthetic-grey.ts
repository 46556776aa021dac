import type { GreyFrame } from '../../src/rules/littering/grey-frame.js';
import { mulberry32, positionAt, type ScriptedObject } from './synthetic-scene.js';

/*
 * Grey pictures for the background model, matching a scripted detection scene: a textured
 * street surface, per-frame sensor noise, the scripted objects painted as textured rectangles,
 * and optional lighting changes. Deterministic for a given seed.
 */

export interface GreySceneOptions {
  width?: number;
  height?: number;
  /** Standard deviation of per-frame noise, grey levels. */
  noise?: number;
  seed?: number;
  /** Global brightness offset at t seconds (clouds, auto exposure). */
  light?: (t: number) => number;
  /** A shadow: the box darkens by `factor` while active. */
  shadow?: { box: [number, number, number, number]; from: number; factor: number };
  /** The camera sways: the whole picture is moved by [dx, dy] pixels at t seconds (resampled). */
  sway?: (t: number) => [number, number];
  /** Night: the street is dark (mean 30 instead of 120) with a quarter of its daytime relief. */
  night?: boolean;
}

export function greyScene(objects: readonly ScriptedObject[], options: GreySceneOptions = {}): (t: number) => GreyFrame {
  const width = options.width ?? 160;
  const height = options.height ?? 90;
  const rand = mulberry32(options.seed ?? 3);
  const background = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Paving-stone texture: a grid of joints plus per-stone shade.
      const joint = x % 12 === 0 || y % 8 === 0 ? -25 : 0;
      const relief = joint + 10 * Math.sin(x * 0.7 + y * 0.3) + (rand() - 0.5) * 12;
      background[y * width + x] = options.night ? 30 + relief / 4 : 120 + relief;
    }
  }
  const data = new Uint8Array(width * height);
  return (t: number): GreyFrame => {
    const light = options.light?.(t) ?? 0;
    const [dx, dy] = options.sway?.(t) ?? [0, 0];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = dx === 0 && dy === 0 ? background[y * width + x]! : sample(background, width, height, x - dx, y - dy);
        data[y * width + x] = clamp(v + light + gaussian(rand) * (options.noise ?? 3));
      }
    }
    for (const obj of objects) {
      const p = positionAt(obj, t);
      if (p === undefined || obj.grey === undefined) continue;
      const [w, h] = obj.size;
      const x0 = Math.round((p[0] - w / 2) * width + dx);
      const x1 = Math.round((p[0] + w / 2) * width + dx);
      const y0 = Math.round((p[1] - h) * height + dy);
      const y1 = Math.round(p[1] * height + dy);
      for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
        for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) {
          data[y * width + x] = clamp(obj.grey + light + (obj.texture ?? 15) * Math.sin(x * 1.3) * Math.cos(y * 0.9) + gaussian(rand) * 3);
        }
      }
    }
    const s = options.shadow;
    if (s !== undefined && t >= s.from) {
      for (let y = Math.round(s.box[1] * height); y < Math.round(s.box[3] * height); y++) {
        for (let x = Math.round(s.box[0] * width); x < Math.round(s.box[2] * width); x++) data[y * width + x] = clamp(data[y * width + x]! * s.factor);
      }
    }
    return { data, width, height, content: { x: 0, y: 0, width, height } };
  };
}

/** Bilinear sample of a picture at a fractional position, edges repeated. */
function sample(picture: Float32Array, width: number, height: number, x: number, y: number): number {
  const cx = Math.min(width - 1.001, Math.max(0, x));
  const cy = Math.min(height - 1.001, Math.max(0, y));
  const ix = Math.floor(cx);
  const iy = Math.floor(cy);
  const fx = cx - ix;
  const fy = cy - iy;
  const i = iy * width + ix;
  return (1 - fy) * ((1 - fx) * picture[i]! + fx * picture[i + 1]!) + fy * ((1 - fx) * picture[i + width]! + fx * picture[i + width + 1]!);
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
