import { describe, expect, it } from 'vitest';
import { runAnalyzer, zone } from '../../test/rules/run-analyzer.js';
import { generateScene, type SceneOptions, type ScriptedObject } from '../../test/rules/synthetic-scene.js';
import type { RuleConfig, ZoneConfig } from '../config/agent-config.schema.js';

// A no-parking box on the right half of the frame.
const polygon: [number, number][] = [[0.5, 0.3], [0.95, 0.3], [0.95, 0.9], [0.5, 0.9]];
const parking = (extra: { graceSeconds?: number; renotifyMinutes?: number; classes?: string[] } = {}): RuleConfig => ({
  type: 'illegal_parking',
  graceSeconds: 10,
  classes: ['car', 'motorcycle', 'bus', 'truck'],
  ...extra,
});
const car = (path: [number, number, number][], extra: Partial<ScriptedObject> = {}): ScriptedObject => ({ className: 'car', size: [0.15, 0.12], path, ...extra });
/** Drives in from the left, stops at (x, y) from `stop` to `leave`, drives off to the right. */
const stay = (x: number, y: number, stop: number, leave: number, extra: Partial<ScriptedObject> = {}): ScriptedObject =>
  car([[stop - 4, 0.02, y], [stop, x, y], [leave, x, y], [leave + 3, 0.98, y]], extra);

interface Case {
  name: string;
  objects: ScriptedObject[];
  scene?: Partial<SceneOptions>;
  zone?: Partial<ZoneConfig>;
  rule?: { graceSeconds?: number; renotifyMinutes?: number };
  start?: string;
  /** Expected [triggered at, ended at] seconds per violation (+-1.5 s); ended undefined = still there. */
  expect: [number, number | undefined][];
  renotified?: number;
}

const cases: Case[] = [
  { name: 'a car that stops 20 s in the zone is reported once, 10 s after it stopped', objects: [stay(0.7, 0.7, 5, 25)], expect: [[15, 25]] },
  { name: 'a car that stops for less than the grace time is not reported', objects: [stay(0.7, 0.7, 5, 12)], expect: [] },
  { name: 'a car that stops outside the zone is not reported', objects: [stay(0.3, 0.7, 5, 40)], expect: [] },
  {
    name: 'a car that stands 8 s and leaves the frame within a second is not reported with a 15 s grace',
    objects: [car([[0, 0.02, 0.7], [3, 0.85, 0.7], [11, 0.85, 0.7], [12, 1.1, 0.7]])],
    // The zone runs to the frame's edge, where the car's last, clipped box still is.
    zone: { polygon: [[0.5, 0.3], [1, 0.3], [1, 0.9], [0.5, 0.9]] },
    rule: { graceSeconds: 15 },
    expect: [],
  },
  { name: 'a car driving through the zone is not reported', objects: [car([[0, 0.02, 0.7], [4, 0.98, 0.7]])], expect: [] },
  { name: 'a car crawling through the zone in traffic is not reported', objects: [car([[0, 0.4, 0.7], [40, 0.9, 0.7]])], expect: [] },
  {
    name: 'jitter and 30% missed detections still give one report',
    objects: [stay(0.7, 0.7, 5, 40)],
    scene: { jitter: 0.04, dropout: 0.3, seed: 11 },
    expect: [[15, 40]],
  },
  {
    name: 'a parked car hidden 15 s by a bus is one stay, not two',
    objects: [stay(0.7, 0.7, 5, 50, { hidden: [[20, 35]] })],
    expect: [[15, 50]],
  },
  {
    name: 'a parked car under motion gating is reported on time',
    objects: [stay(0.7, 0.7, 5, 40)],
    scene: { gated: (t) => t > 9 && t < 38 && t % 2 > 0.15 },
    expect: [[15, 40]],
  },
  {
    name: 'a car the detector reports as car and truck in the same frames is one report',
    objects: [stay(0.7, 0.7, 5, 40, { twin: [[0, 45, 'truck', 0.6]] })],
    scene: { jitter: 0.03, seed: 8 },
    expect: [[15, 40]],
  },
  { name: 'two cars parked one after the other are two reports', objects: [stay(0.7, 0.5, 5, 25), stay(0.7, 0.8, 35, 55)], expect: [[15, 25], [45, 55]] },
  { name: 'a car still parked at the end of the file has no end time', objects: [stay(0.7, 0.7, 5, 100)], scene: { durationSeconds: 40 }, expect: [[15, undefined]] },
  { name: 'a parked person is not a vehicle', objects: [{ className: 'person', size: [0.04, 0.15], path: [[0, 0.7, 0.7], [40, 0.7, 0.7]] }], expect: [] },
  { name: "the zone's class filter keeps out a car", objects: [stay(0.7, 0.7, 5, 40)], zone: { classes: ['motorcycle'] }, expect: [] },
  { name: 'a box smaller than minBoxArea is ignored', objects: [stay(0.7, 0.7, 5, 40)], zone: { minBoxArea: 0.05 }, expect: [] },
  {
    name: 're-notifies every 0.5 min while the car stays',
    objects: [stay(0.7, 0.7, 5, 105)],
    scene: { durationSeconds: 110 },
    rule: { renotifyMinutes: 0.5 },
    expect: [[15, 105]],
    renotified: 3,
  },
  {
    name: 'a car parked before a 07:00 ban counts from 07:00',
    objects: [stay(0.7, 0.7, 5, 100)],
    scene: { durationSeconds: 110 },
    zone: { schedule: { days: ['fri'], start: '07:00', end: '09:00' } },
    start: '2026-11-27T06:59:00+07:00',
    rule: { graceSeconds: 30 },
    expect: [[90, 100]],
  },
  {
    name: 'the stay closes when the ban ends at 09:00',
    objects: [stay(0.7, 0.7, 5, 100)],
    scene: { durationSeconds: 110 },
    zone: { schedule: { days: ['fri'], start: '07:00', end: '09:00' } },
    start: '2026-11-27T08:59:30+07:00',
    expect: [[15, 30]],
  },
  {
    name: 'a Friday night ban still applies after midnight',
    objects: [stay(0.7, 0.7, 5, 50)],
    scene: { durationSeconds: 60 },
    zone: { schedule: { days: ['fri'], start: '22:00', end: '06:00' } },
    start: '2026-11-27T23:59:50+07:00',
    expect: [[15, 50]],
  },
  {
    name: 'a Thursday night ban is over on Friday night',
    objects: [stay(0.7, 0.7, 5, 50)],
    scene: { durationSeconds: 60 },
    zone: { schedule: { days: ['thu'], start: '22:00', end: '06:00' } },
    start: '2026-11-27T23:59:50+07:00',
    expect: [],
  },
];

describe('illegal_parking', () => {
  it('two tracks on one stationary car (a twin the tracker let through) are one stay and one report', () => {
    const frames = generateScene([stay(0.7, 0.7, 5, 40, { twin: [[0, 45, 'truck', 0.6]] })], { fps: 5, durationSeconds: 60, jitter: 0.03, seed: 8 });
    const events = runAnalyzer(frames, {
      zones: [zone(polygon, [parking()])],
      // duplicateIou above 1: the tracker keeps the twin as a second track, as before this rule.
      tracker: { duplicateIou: 2 },
    });
    const triggered = events.filter((e) => e.phase === 'triggered');
    expect(triggered).toHaveLength(1);
    expect(triggered[0]!.trackIds.length).toBe(2);
  });

  it('a parked car the first frames after a 70 s camera outage miss is one stay, not two', () => {
    // Longer than the tracker keeps a stationary track unseen (30 s): the car comes back on a new track.
    const frames = generateScene([stay(0.7, 0.7, 5, 150, { hidden: [[100, 102]] })], { fps: 5, durationSeconds: 160, jitter: 0.02, seed: 7 });
    const events = runAnalyzer(frames.filter((f) => f.timestampMs < 30_000 || f.timestampMs >= 100_000), { zones: [zone(polygon, [parking()])] });
    expect(events.map((e) => e.phase)).toEqual(['triggered', 'ended']);
    expect(Math.abs(events[1]!.endedAtMs! / 1000 - 150)).toBeLessThanOrEqual(1.5);
  });

  it('a car gone when the camera comes back is closed as last seen before the outage', () => {
    const frames = generateScene([stay(0.7, 0.7, 5, 50)], { fps: 5, durationSeconds: 120, jitter: 0.02, seed: 7 });
    const events = runAnalyzer(frames.filter((f) => f.timestampMs < 30_000 || f.timestampMs >= 100_000), { zones: [zone(polygon, [parking()])] });
    expect(events.map((e) => e.phase)).toEqual(['triggered', 'ended']);
    expect(Math.abs(events[1]!.endedAtMs! / 1000 - 30)).toBeLessThanOrEqual(1);
  });

  it.each(cases)('$name', (c) => {
    const frames = generateScene(c.objects, { fps: 5, durationSeconds: 60, ...c.scene });
    const events = runAnalyzer(frames, {
      zones: [zone(polygon, [parking(c.rule)], c.zone)],
      wallClockOffsetMs: Date.parse(c.start ?? '2026-11-27T12:00:00+07:00'),
    });
    const triggered = events.filter((e) => e.phase === 'triggered');
    expect(triggered).toHaveLength(c.expect.length);
    c.expect.forEach(([trigger, end], i) => {
      const t = triggered[i]!;
      expect(t.rule).toBe('illegal_parking');
      expect(t.classes).toEqual(['car']);
      expect(Math.abs(t.triggeredAtMs / 1000 - trigger)).toBeLessThanOrEqual(1.5);
      expect(t.triggeredAtMs - t.startedAtMs).toBe((c.rule?.graceSeconds ?? 10) * 1000);
      // The box is around the car: bottom-centre within 0.03 of where it stopped.
      const bx = (t.bbox.x1 + t.bbox.x2) / 2;
      expect(Math.abs(bx - 0.7)).toBeLessThan(0.03);
      const ended = events.find((e) => e.phase === 'ended' && e.key === t.key);
      if (end === undefined) expect(ended).toBeUndefined();
      else expect(Math.abs(ended!.endedAtMs! / 1000 - end)).toBeLessThanOrEqual(1.5);
    });
    expect(events.filter((e) => e.phase === 'renotified')).toHaveLength(c.renotified ?? 0);
  });
});
