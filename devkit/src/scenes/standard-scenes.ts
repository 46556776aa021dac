import { fixturePath } from '../paths.js';
import type { SceneSpec, Sprite } from './scene-spec.js';

/** The car in lot-car-cyclist.mp4 at 3 s (480x270 source), which YOLOX-Nano finds at ~0.86. */
export function carSprite(path: Sprite['path'], scale = 1.6): Sprite {
  return { file: fixturePath('lot-car-cyclist.mp4'), atSeconds: 3, crop: { x: 0, y: 30, w: 115, h: 75 }, scale, path };
}

/** The empty parking lot (lot-drive-through.mp4 at 1 s, 768x432). */
export const emptyLot = { file: fixturePath('lot-drive-through.mp4'), atSeconds: 1 } as const;

export interface ParkingSceneOptions {
  name?: string;
  /** Where the car stops (top-left corner, in 768x432 output pixels). */
  stop: { x: number; y: number };
  arriveAt: number;
  /** Seconds the car stays still. */
  staySeconds: number;
  /** Seconds spent driving in and out. */
  driveSeconds?: number;
  tailSeconds?: number;
  fps?: number;
}

/**
 * A car drives in from the left edge, stops at `stop` for `staySeconds`, and leaves to the right.
 * Ground truth: stationary from arriveAt + driveSeconds for staySeconds.
 */
export function parkingScene(options: ParkingSceneOptions): SceneSpec {
  const drive = options.driveSeconds ?? 3;
  const arrive = options.arriveAt;
  const stopAt = arrive + drive;
  const leaveAt = stopAt + options.staySeconds;
  const goneAt = leaveAt + drive;
  const { x, y } = options.stop;
  return {
    name: options.name ?? `parking-${options.staySeconds}s`,
    background: emptyLot,
    fps: options.fps ?? 10,
    durationSeconds: goneAt + (options.tailSeconds ?? 3),
    noise: 4,
    sprites: [
      carSprite([
        { t: arrive, x: -180, y },
        { t: stopAt, x, y },
        { t: leaveAt, x, y },
        { t: goneAt, x: 780, y },
      ]),
    ],
  };
}
