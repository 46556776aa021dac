import { describe, expect, it } from 'vitest';
import type { RuleConfig } from '../config/agent-config.schema.js';
import { runAnalyzer, zone } from '../../test/rules/run-analyzer.js';
import { generateScene, type SceneOptions, type ScriptedObject } from '../../test/rules/synthetic-scene.js';

// A sidewalk strip along the bottom of the frame.
const polygon: [number, number][] = [[0, 0.7], [1, 0.7], [1, 1], [0, 1]];
const rule: RuleConfig = {
  type: 'sidewalk_encroachment',
  graceSeconds: 20,
  clearSeconds: 10,
  classes: ['person', 'chair', 'bench', 'umbrella', 'dining table', 'potted plant', 'motorcycle', 'bicycle'],
};
const person = (path: [number, number, number][], extra: Partial<ScriptedObject> = {}): ScriptedObject => ({ className: 'person', size: [0.04, 0.15], path, ...extra });
const still = (className: string, x: number, from: number, to: number, size: [number, number] = [0.06, 0.08]): ScriptedObject => ({ className, size, path: [[from, x, 0.9], [to, x, 0.9]] });
/** Walks along the sidewalk, pauses at x from `stop` to `go`, then crosses the road (out of the zone). */
const pauser = (stop: number, go: number, x = 0.5): ScriptedObject => person([[stop - 3, x - 0.3, 0.85], [stop, x, 0.85], [go, x, 0.86], [go + 3, x, 0.4]]);

interface Case {
  name: string;
  objects: ScriptedObject[];
  scene?: Partial<SceneOptions>;
  /** [triggered at, ended at, members] per episode (+-1.5 s). */
  expect: [number, number | undefined, number][];
}

const cases: Case[] = [
  { name: 'people walking along the sidewalk are not reported', objects: [person([[0, 0.02, 0.85], [12, 0.98, 0.85]]), person([[5, 0.98, 0.9], [20, 0.02, 0.9]])], expect: [] },
  { name: 'a person pausing 10 s is not reported', objects: [pauser(5, 15)], expect: [] },
  { name: 'a person standing 40 s is encroachment, ending when they leave plus the clear time', objects: [pauser(5, 45)], expect: [[22, 45, 1]] },
  {
    name: 'a vendor with a chair and an umbrella is one episode grouping all three',
    objects: [pauser(2, 50), still('chair', 0.45, 0, 55), still('umbrella', 0.55, 0, 55, [0.1, 0.2])],
    expect: [[20, 55, 3]],
  },
  {
    name: 'a vendor moving around the stall still counts (dwell, not stillness)',
    objects: [person([[0, 0.3, 0.85], [10, 0.4, 0.9], [20, 0.3, 0.85], [30, 0.4, 0.9], [40, 0.3, 0.85]])],
    scene: { durationSeconds: 40 },
    expect: [[20, undefined, 1]],
  },
  { name: 'a motorbike ridden along the sidewalk is not encroachment', objects: [{ className: 'motorcycle', size: [0.08, 0.1], path: [[0, 0.05, 0.9], [40, 0.95, 0.9]] }], expect: [] },
  { name: 'a motorbike parked on the sidewalk is', objects: [still('motorcycle', 0.5, 0, 40, [0.08, 0.1])], expect: [[20, 40, 1]] },
  { name: 'two stays with a gap longer than the clear time are two episodes', objects: [pauser(3, 30), pauser(50, 80, 0.4)], scene: { durationSeconds: 100 }, expect: [[20, 30, 1], [67, 80, 1]] },
  {
    name: 'a vendor who steps away for 5 s does not split the episode',
    objects: [still('chair', 0.45, 0, 80), person([[0, 0.5, 0.85], [40, 0.5, 0.85], [42, 0.5, 0.5], [47, 0.5, 0.5], [49, 0.5, 0.85], [80, 0.5, 0.85]])],
    scene: { durationSeconds: 90 },
    expect: [[20, 80, 2]],
  },
  {
    name: 'a person standing 40 s with 30% missed detections and jitter is one episode',
    objects: [pauser(5, 45)],
    scene: { dropout: 0.3, jitter: 0.04, seed: 4 },
    expect: [[22, 45, 1]],
  },
];

describe('sidewalk_encroachment', () => {
  it('a vendor the first frames after a 70 s camera outage miss is one episode, not two', () => {
    const objects = [still('chair', 0.45, 0, 150), { ...person([[0, 0.5, 0.85], [150, 0.5, 0.85]]), hidden: [[100, 103]] as [number, number][] }];
    const frames = generateScene(objects, { fps: 5, durationSeconds: 170 }).filter((f) => f.timestampMs < 40_000 || f.timestampMs >= 100_000);
    const events = runAnalyzer(frames, { zones: [zone(polygon, [{ ...rule, classes: ['person'] }])] });
    expect(events.map((e) => e.phase)).toEqual(['triggered', 'ended']);
    expect(Math.abs(events[1]!.endedAtMs! / 1000 - 150)).toBeLessThanOrEqual(1.5);
  });

  it.each(cases)('$name', (c) => {
    const frames = generateScene(c.objects, { fps: 5, durationSeconds: 70, ...c.scene });
    const events = runAnalyzer(frames, { zones: [zone(polygon, [rule])] });
    const triggered = events.filter((e) => e.phase === 'triggered');
    expect(triggered.map((e) => [e.triggeredAtMs / 1000, events.find((x) => x.phase === 'ended' && x.key === e.key)?.endedAtMs])).toHaveLength(c.expect.length);
    c.expect.forEach(([trigger, end, members], i) => {
      const t = triggered[i]!;
      expect(Math.abs(t.triggeredAtMs / 1000 - trigger)).toBeLessThanOrEqual(1.5);
      const ended = events.find((e) => e.phase === 'ended' && e.key === t.key);
      if (end === undefined) {
        expect(ended).toBeUndefined();
        return;
      }
      expect(Math.abs(ended!.endedAtMs! / 1000 - end)).toBeLessThanOrEqual(1.5);
      expect(ended!.trackIds).toHaveLength(members);
      expect(ended!.boxes).toHaveLength(members);
      for (const b of ended!.boxes) {
        expect(ended!.bbox.x1).toBeLessThanOrEqual(b.x1);
        expect(ended!.bbox.x2).toBeGreaterThanOrEqual(b.x2);
      }
    });
  });
});
