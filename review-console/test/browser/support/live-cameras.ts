import { composeScene, fixturePath, parkingScene, pointInPolygon, startCameraSimulator, stationaryIntervals, type CameraSimulator } from '@wardwatch/devkit';

/** The empty-lot background of devkit's parking scenes, in pixels. */
const FRAME = { width: 768, height: 432 } as const;

export interface ParkingLoop {
  file: string;
  /** One pass of the clip; the simulator plays it again and again. */
  loopSeconds: number;
  /** Where the parked car touches the ground (bottom centre of its box), in frame fractions. */
  carAnchor: [number, number];
  /** The car's box while it is parked, in frame fractions. */
  carBox: { x1: number; y1: number; x2: number; y2: number };
}

/**
 * Camera A's picture: a real car (cut from a real clip) drives into the empty lot, stands still
 * for 30 s and drives off, over and over. The loop is short so that a violation comes round
 * within a minute whenever the zone lands, and the stay is far longer than any grace time here.
 */
export async function parkingLoop(): Promise<ParkingLoop> {
  const spec = parkingScene({ name: 'installer-live-parking', stop: { x: 300, y: 200 }, arriveAt: 1, staySeconds: 30, tailSeconds: 2 });
  const car = spec.sprites[0]!;
  const stay = stationaryIntervals(car)[0]!;
  const scale = car.scale ?? 1;
  const box = { x1: stay.x / FRAME.width, y1: stay.y / FRAME.height, x2: (stay.x + car.crop.w * scale) / FRAME.width, y2: (stay.y + car.crop.h * scale) / FRAME.height };
  return { file: await composeScene(spec), loopSeconds: spec.durationSeconds, carAnchor: [(box.x1 + box.x2) / 2, box.y2], carBox: box };
}

/**
 * The GStreamer RTSP simulator with both cameras behind one login (its basic auth covers every
 * mount): `parking` (camera A, the loop above) and `table` (camera B, people at a street table,
 * a real clip with nothing to report).
 */
export async function startLiveCameras(login: { user: string; password: string }): Promise<{ sim: CameraSimulator; parking: ParkingLoop }> {
  const parking = await parkingLoop();
  const sim = await startCameraSimulator({ mounts: { parking: parking.file, table: fixturePath('table-people-dwell.mp4') }, auth: login, startTimeoutMs: 120_000 });
  return { sim, parking };
}

/** Ray casting: is the point inside the polygon (frame fractions)? The eval's own test, as the agent's zones apply it. */
export const insidePolygon = pointInPolygon;
