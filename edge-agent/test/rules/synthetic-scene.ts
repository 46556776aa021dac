import type { Detection, FrameDetections } from '../../src/detect/detection.js';

/*
 * Scripted detection sequences for table-driven rule tests: objects move along keyframed paths
 * (bottom-centre, frame fractions), with seeded detector jitter, random dropouts, occlusion
 * gaps, score dips and motion-gated frames. Deterministic for a given seed.
 */

const cocoIds: Record<string, number> = {
  person: 0,
  bicycle: 1,
  car: 2,
  motorcycle: 3,
  bus: 5,
  truck: 7,
  bench: 13,
  backpack: 24,
  umbrella: 25,
  handbag: 26,
  suitcase: 28,
  bottle: 39,
  chair: 56,
  'dining table': 60,
};

export interface ScriptedObject {
  className: string;
  /** Box width and height, frame fractions. */
  size: [number, number];
  /** [seconds, x, y] keyframes of the bottom-centre; the object exists from the first to the last. */
  path: [number, number, number][];
  score?: number;
  /** [from, to] seconds when the detector does not see it (occlusion). */
  hidden?: [number, number][];
  /** [from, to, score] seconds when its score drops (partly occluded). */
  dips?: [number, number, number][];
  /** [from, to, className] seconds when the detector calls it something else. */
  relabel?: [number, number, string][];
  /**
   * [from, to, className, score] seconds when the detector also reports it as another class in
   * the same frame, with nearly the same box (a car scored as both car and truck).
   */
  twin?: [number, number, string, number][];
  /** The detector never sees it (a garbage bag); it only shows in grey pictures. */
  undetected?: boolean;
  /** Grey level it is painted with in synthetic grey pictures (unpainted when absent). */
  grey?: number;
  /** Amplitude of its painted texture, grey levels (default 15; a plain dark bag has little). */
  texture?: number;
}

export interface SceneOptions {
  fps: number;
  durationSeconds: number;
  /** Standard deviation of box edges, as a fraction of the box size. */
  jitter?: number;
  /** Probability that the detector misses an object in a frame. */
  dropout?: number;
  seed?: number;
  cameraId?: string;
  /** Frames at which motion gating reuses the previous detections. */
  gated?: (seconds: number) => boolean;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Where a scripted object's bottom-centre is at `t`, or undefined outside its life. */
export function positionAt(obj: ScriptedObject, t: number): [number, number] | undefined {
  const path = obj.path;
  const first = path[0];
  const last = path[path.length - 1];
  if (first === undefined || last === undefined || t < first[0] || t > last[0]) return undefined;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    if (t <= b[0]) {
      const f = b[0] === a[0] ? 1 : (t - a[0]) / (b[0] - a[0]);
      return [a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
    }
  }
  return [last[1], last[2]];
}

export function generateScene(objects: readonly ScriptedObject[], options: SceneOptions): FrameDetections[] {
  const rand = mulberry32(options.seed ?? 1);
  const jitter = options.jitter ?? 0.02;
  const frames: FrameDetections[] = [];
  const count = Math.round(options.durationSeconds * options.fps);
  let previous: Detection[] = [];
  for (let seq = 0; seq < count; seq++) {
    const t = seq / options.fps;
    const timestampMs = Math.round(t * 1000);
    if (seq > 0 && options.gated?.(t) === true) {
      frames.push({ cameraId: options.cameraId ?? 'cam-1', seq, timestampMs, detections: previous, inferred: false });
      continue;
    }
    const detections: Detection[] = [];
    for (const obj of objects) {
      const p = positionAt(obj, t);
      if (p === undefined || obj.undetected === true) continue;
      if (obj.hidden?.some(([a, b]) => t >= a && t < b) === true) continue;
      if (rand() < (options.dropout ?? 0)) continue;
      const [w, h] = obj.size;
      const e = (): number => gaussian(rand) * jitter;
      const x1 = p[0] - w / 2 + e() * w;
      const x2 = p[0] + w / 2 + e() * w;
      const y1 = p[1] - h + e() * h;
      const y2 = p[1] + e() * h;
      const dip = obj.dips?.find(([a, b]) => t >= a && t < b);
      const label = obj.relabel?.find(([a, b]) => t >= a && t < b)?.[2] ?? obj.className;
      const score = dip?.[2] ?? obj.score ?? 0.8;
      detections.push({
        box: { x1: Math.max(0, x1), y1: Math.max(0, y1), x2: Math.min(1, x2), y2: Math.min(1, y2) },
        score: Math.min(1, Math.max(0, score + gaussian(rand) * 0.03)),
        classId: cocoIds[label] ?? 80,
        className: label,
      });
      const twin = obj.twin?.find(([a, b]) => t >= a && t < b);
      if (twin !== undefined) {
        const shift = (): number => gaussian(rand) * jitter * 0.5 * w;
        detections.push({
          box: { x1: Math.max(0, x1 + shift()), y1: Math.max(0, y1 + shift()), x2: Math.min(1, x2 + shift()), y2: Math.min(1, y2 + shift()) },
          score: twin[3],
          classId: cocoIds[twin[2]] ?? 80,
          className: twin[2],
        });
      }
    }
    previous = detections;
    frames.push({ cameraId: options.cameraId ?? 'cam-1', seq, timestampMs, detections, inferred: true });
  }
  return frames;
}
