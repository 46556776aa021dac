import { join } from 'node:path';

/*
 * The clips behind the recorded detection fixtures: real fixtures as they are, and composed
 * scenes with exact ground truth (the car from lot-car-cyclist.mp4 at 3 s pasted on the empty
 * lot of lot-drive-through.mp4 at 1 s, driving in, stopping, driving away).
 */

export interface Scene {
  description: string;
  width: number;
  height: number;
  fps: number;
  inputArgs: (shared: string) => string[];
  /** filter_complex head producing the picture (before fps/scale). */
  filter?: string;
}

const fixture = (shared: string, file: string): string => join(shared, 'fixtures', file);

/**
 * A car that enters from the left at 0 s, reaches x = 330 px (of 768) at 4 s, stays `stay`
 * seconds, and leaves to the right in 4 s; `y` is the top of the pasted car.
 */
export function parkedCarScene(stay: number, y: number, durationSeconds: number): Scene {
  const leave = 4 + stay;
  const x = `if(lt(t,4),-190+520*t/4,if(lt(t,${leave}),330,330+480*(t-${leave})/4))`;
  return {
    description: `composed: car from lot-car-cyclist.mp4@3s on lot-drive-through.mp4@1s, parked 4-${leave} s at x=330,y=${y} (768x432 px)`,
    width: 768,
    height: 432,
    fps: 5,
    inputArgs: (shared) => [
      '-ss', '1', '-i', fixture(shared, 'lot-drive-through.mp4'),
      '-ss', '3', '-i', fixture(shared, 'lot-car-cyclist.mp4'),
    ],
    filter: `[0:v]trim=end_frame=1,loop=loop=-1:size=1,setpts=N/25/TB,trim=duration=${durationSeconds}[bg];[1:v]trim=end_frame=1,loop=loop=-1:size=1,setpts=N/25/TB,crop=114:76:0:30,scale=182:122[car];[bg][car]overlay=x='${x}':y=${y}:eval=frame:shortest=1`,
  };
}

export const scenes: Record<string, Scene> = {
  'lot-drive-through': { description: 'lot-drive-through.mp4', width: 768, height: 432, fps: 5, inputArgs: (s) => ['-i', fixture(s, 'lot-drive-through.mp4')] },
  'table-people-dwell': { description: 'table-people-dwell.mp4', width: 768, height: 432, fps: 5, inputArgs: (s) => ['-i', fixture(s, 'table-people-dwell.mp4')] },
  'sidewalk-bag-left': { description: 'sidewalk-bag-left.avi', width: 720, height: 480, fps: 5, inputArgs: (s) => ['-i', fixture(s, 'sidewalk-bag-left.avi')] },
  'car-parks-20s': parkedCarScene(20, 200, 34),
  'car-stops-6s': parkedCarScene(6, 200, 20),
};
