import { describe, expect, it } from 'vitest';
import { generateScene, positionAt, type SceneOptions, type ScriptedObject } from '../../test/rules/synthetic-scene.js';
import { Tracker, type TrackerOptions } from './tracker.js';

/** Runs the tracker and, for each scripted object, collects the ids of the confirmed tracks seen on it. */
function idsPerObject(objects: ScriptedObject[], scene: SceneOptions, options: Partial<TrackerOptions> = {}): Set<number>[] {
  const tracker = new Tracker(options);
  const ids = objects.map(() => new Set<number>());
  for (const frame of generateScene(objects, scene)) {
    const t = frame.timestampMs / 1000;
    for (const track of tracker.update(frame)) {
      if (track.state !== 'confirmed' || track.lastSeenMs !== frame.timestampMs) continue;
      const cx = (track.box.x1 + track.box.x2) / 2;
      let best = -1;
      let bestD = 0.05;
      objects.forEach((obj, i) => {
        const p = positionAt(obj, t);
        if (p === undefined) return;
        const d = Math.hypot(p[0] - cx, p[1] - track.box.y2);
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      });
      if (best >= 0) ids[best]!.add(track.id);
    }
  }
  return ids;
}

const car = (path: [number, number, number][], extra: Partial<ScriptedObject> = {}): ScriptedObject => ({ className: 'car', size: [0.15, 0.12], path, ...extra });
const person = (path: [number, number, number][], extra: Partial<ScriptedObject> = {}): ScriptedObject => ({ className: 'person', size: [0.04, 0.15], path, ...extra });

describe('Tracker', () => {
  const cases: { name: string; objects: ScriptedObject[]; scene: SceneOptions; options?: Partial<TrackerOptions>; idsEach: number }[] = [
    {
      name: 'two cars driving side by side at 5 fps keep one id each',
      objects: [car([[0, 0.05, 0.4], [6, 0.95, 0.4]]), car([[0, 0.05, 0.7], [6, 0.95, 0.72]])],
      scene: { fps: 5, durationSeconds: 6 },
      idsEach: 1,
    },
    {
      name: 'a car crossing the frame in 3 s at 3 fps keeps its id',
      objects: [car([[0, 0.05, 0.5], [3, 0.95, 0.5]])],
      scene: { fps: 3, durationSeconds: 3 },
      idsEach: 1,
    },
    {
      name: 'a moving car hidden for 2 s behind a pole gets its id back',
      objects: [car([[0, 0.1, 0.5], [8, 0.7, 0.5]], { hidden: [[3, 5]] })],
      scene: { fps: 5, durationSeconds: 8 },
      idsEach: 1,
    },
    {
      name: 'a parked car hidden for 20 s by a bus keeps its id',
      objects: [car([[0, 0.3, 0.6], [60, 0.3, 0.6]], { hidden: [[20, 40]] })],
      scene: { fps: 5, durationSeconds: 60 },
      idsEach: 1,
    },
    {
      name: 'heavy jitter and 30% missed detections keep one id per object',
      objects: [car([[0, 0.3, 0.6], [30, 0.3, 0.6]]), person([[0, 0.1, 0.9], [30, 0.8, 0.85]])],
      scene: { fps: 5, durationSeconds: 30, jitter: 0.04, dropout: 0.3, seed: 7 },
      idsEach: 1,
    },
    {
      name: 'a score dip to 0.3 is bridged by the low-score stage',
      objects: [car([[0, 0.1, 0.5], [10, 0.6, 0.5]], { dips: [[3, 7, 0.3]] })],
      scene: { fps: 5, durationSeconds: 10 },
      options: { lostSeconds: 0.5 },
      idsEach: 1,
    },
    {
      name: 'a car the detector sometimes calls a truck stays one track',
      objects: [car([[0, 0.2, 0.5], [10, 0.2, 0.5]], { relabel: [[2, 3, 'truck'], [6, 6.6, 'truck']] })],
      scene: { fps: 5, durationSeconds: 10 },
      idsEach: 1,
    },
    {
      name: 'a car the detector reports as car and truck in the same frames, boxes nearly equal, is one track',
      objects: [car([[0, 0.2, 0.5], [10, 0.2, 0.5]], { twin: [[0, 10, 'truck', 0.6]] })],
      scene: { fps: 5, durationSeconds: 10, jitter: 0.03, seed: 4 },
      idsEach: 1,
    },
    {
      name: 'a motorbike also reported as a bicycle, from its second frame on, is one track',
      objects: [{ className: 'motorcycle', size: [0.05, 0.1], path: [[0, 0.6, 0.7], [10, 0.6, 0.7]], twin: [[0.2, 10, 'bicycle', 0.55]] }],
      scene: { fps: 5, durationSeconds: 10 },
      idsEach: 1,
    },
    {
      name: 'a parked car the detector calls a suitcase for 4 s (night) keeps its one track',
      objects: [car([[0, 0.05, 0.6], [4, 0.4, 0.6], [30, 0.4, 0.6]], { relabel: [[6, 10, 'suitcase']] })],
      scene: { fps: 5, durationSeconds: 30 },
      idsEach: 1,
    },
    {
      name: 'motion-gated frames (reused detections) do not break a track',
      objects: [car([[0, 0.3, 0.6], [30, 0.3, 0.6]]), car([[0, 0.05, 0.3], [4, 0.5, 0.3], [30, 0.5, 0.3]])],
      scene: { fps: 5, durationSeconds: 30, gated: (t) => t > 6 && t % 2 > 0.25 },
      idsEach: 1,
    },
  ];

  it.each(cases)('$name', ({ objects, scene, options, idsEach }) => {
    const ids = idsPerObject(objects, scene, options);
    expect(ids.map((s) => s.size)).toEqual(objects.map(() => idsEach));
    const all = ids.flatMap((s) => [...s]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('without the low-score stage the dip would have split the track', () => {
    const objects = [car([[0, 0.1, 0.5], [10, 0.6, 0.5]], { dips: [[3, 7, 0.3]] })];
    const ids = idsPerObject(objects, { fps: 5, durationSeconds: 10 }, { lostSeconds: 0.5, lowScore: 0.45 });
    expect(ids[0]!.size).toBe(2);
  });

  it('without the stationary buffer the hidden parked car would come back with a new id', () => {
    const objects = [car([[0, 0.3, 0.6], [60, 0.3, 0.6]], { hidden: [[20, 40]] })];
    expect(idsPerObject(objects, { fps: 5, durationSeconds: 60 }, { stationaryLostSeconds: 5 })[0]!.size).toBe(2);
  });

  it('a rider on a motorbike keeps both tracks: one family never hides another', () => {
    const rider = { className: 'person', size: [0.04, 0.12], path: [[0, 0.3, 0.68], [8, 0.7, 0.68]] } satisfies ScriptedObject;
    const bike = { className: 'motorcycle', size: [0.06, 0.1], path: [[0, 0.3, 0.7], [8, 0.7, 0.7]] } satisfies ScriptedObject;
    const ids = idsPerObject([rider, bike], { fps: 5, durationSeconds: 8 });
    expect(ids.map((s) => s.size)).toEqual([1, 1]);
  });

  it('a person walking past a parked car never takes the car\'s id', () => {
    const objects = [car([[0, 0.4, 0.6], [12, 0.4, 0.6]]), person([[0, 0.1, 0.62], [12, 0.7, 0.62]])];
    const ids = idsPerObject(objects, { fps: 5, durationSeconds: 12 });
    expect(ids[0]!.size).toBe(1);
    expect([...ids[1]!].some((id) => ids[0]!.has(id))).toBe(false);
  });

  it('a one-frame false detection never becomes a confirmed track', () => {
    const tracker = new Tracker();
    const frames = generateScene([car([[1, 0.5, 0.5], [1.1, 0.5, 0.5]])], { fps: 5, durationSeconds: 3 });
    const confirmed = frames.flatMap((f) => tracker.update(f)).filter((t) => t.state === 'confirmed');
    expect(confirmed).toEqual([]);
  });

  /** noticedBy: when it must be seen as stopped at the latest (default one window plus a little after the stop). */
  const stationaryCases: { name: string; objects: ScriptedObject[]; scene: SceneOptions; stopAt: number | undefined; noticedBy?: number }[] = [
    { name: 'a parked car with jittery boxes', objects: [car([[0, 0.4, 0.6], [20, 0.4, 0.6]])], scene: { fps: 5, durationSeconds: 20, jitter: 0.04, seed: 3 }, stopAt: 0 },
    {
      name: 'a car that drives in and stops at 6 s, with 30% dropouts',
      objects: [car([[0, 0.05, 0.6], [6, 0.5, 0.6], [20, 0.5, 0.6]])],
      scene: { fps: 5, durationSeconds: 20, dropout: 0.3, seed: 5 },
      stopAt: 6,
    },
    {
      name: 'a car misnamed "suitcase" from 1 s after it stopped until 5 s later (night)',
      objects: [car([[0, 0.05, 0.6], [6, 0.5, 0.6], [20, 0.5, 0.6]], { relabel: [[7, 12, 'suitcase']] })],
      scene: { fps: 5, durationSeconds: 20 },
      stopAt: 6,
    },
    {
      name: 'a car hidden from 1 s after it stopped until 5 s later (a bus passing)',
      objects: [car([[0, 0.05, 0.6], [6, 0.5, 0.6], [20, 0.5, 0.6]], { hidden: [[7, 12]] })],
      scene: { fps: 5, durationSeconds: 20 },
      stopAt: 6,
      // Seen again at 12 s; it takes a window of samples to show it still.
      noticedBy: 15,
    },
    { name: 'a car crawling at 0.1 box widths per second', objects: [car([[0, 0.2, 0.6], [30, 0.65, 0.6]])], scene: { fps: 5, durationSeconds: 30 }, stopAt: undefined },
    { name: 'a car driving through', objects: [car([[0, 0.05, 0.6], [5, 0.95, 0.6]])], scene: { fps: 5, durationSeconds: 5 }, stopAt: undefined },
    {
      name: 'a parked car under motion gating (2 s forced detections)',
      objects: [car([[0, 0.4, 0.6], [20, 0.4, 0.6]])],
      scene: { fps: 5, durationSeconds: 20, gated: (t) => Math.abs(t % 2) > 0.1 },
      stopAt: 0,
    },
  ];

  it.each(stationaryCases)('stationary test: $name', ({ objects, scene, stopAt, noticedBy }) => {
    const tracker = new Tracker();
    let firstStationaryAt: number | undefined;
    let since: number | undefined;
    for (const frame of generateScene(objects, scene)) {
      const track = tracker.update(frame).find((t) => t.stationary);
      if (track !== undefined && firstStationaryAt === undefined) {
        firstStationaryAt = frame.timestampMs / 1000;
        since = (track.stationarySinceMs ?? 0) / 1000;
      }
    }
    if (stopAt === undefined) {
      expect(firstStationaryAt).toBeUndefined();
      return;
    }
    // Noticed within one window (3 s) plus a little, and dated back to about the stop.
    expect(firstStationaryAt).toBeDefined();
    expect(firstStationaryAt!).toBeLessThanOrEqual(noticedBy ?? stopAt + 4);
    expect(Math.abs(since! - stopAt)).toBeLessThanOrEqual(1.5);
  });
});
