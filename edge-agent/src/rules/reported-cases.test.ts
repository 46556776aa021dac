import { describe, expect, it } from 'vitest';
import { zone } from '../../test/rules/run-analyzer.js';
import { generateScene, type ScriptedObject } from '../../test/rules/synthetic-scene.js';
import type { RuleConfig, ZoneConfig } from '../config/agent-config.schema.js';
import { CameraAnalyzer } from './camera-analyzer.js';
import type { FrameDetections } from '../detect/detection.js';
import { REPORTED_CASE_MEMORY_MS, ReportedCases, type ReportedCase } from './reported-cases.js';
import type { ViolationEvent } from './violation-event.js';

/*
 * A restart of the agent, as the rules live it: the frames of the downtime never arrive, and the
 * camera's next analyzer (tracker, rules) starts from nothing but the reported cases, read back
 * from their file.
 */

/** The cases as the file holds them: a JSON round trip. */
const fromFile = (memory: ReportedCases): ReportedCases => new ReportedCases(memory.cameraId, JSON.parse(JSON.stringify(memory.list())) as ReportedCase[]);

/** Runs the frames before `downAt` (s), restarts, runs those from `upAt` (s) on; the events of each run. */
function acrossRestart(frames: readonly FrameDetections[], zones: ZoneConfig[], downAt: number, upAt: number): { before: ViolationEvent[]; after: ViolationEvent[] } {
  const memory = new ReportedCases('cam-1');
  const first = new CameraAnalyzer({ cameraId: 'cam-1', zones, reportedCases: memory });
  const before = frames.filter((f) => f.timestampMs < downAt * 1000).flatMap((f) => first.step({ detections: f }).events);
  const second = new CameraAnalyzer({ cameraId: 'cam-1', zones, reportedCases: fromFile(memory) });
  const after = frames.filter((f) => f.timestampMs >= upAt * 1000).flatMap((f) => second.step({ detections: f }).events);
  after.push(...second.finish());
  return { before, after };
}

const phases = (events: readonly ViolationEvent[]): string[] => events.map((e) => e.phase);
const atS = (ms: number): number => Math.round(ms / 1000);

describe('illegal_parking across a restart', () => {
  const polygon: [number, number][] = [[0.5, 0.3], [0.95, 0.3], [0.95, 0.9], [0.5, 0.9]];
  const parking = (extra: Partial<Extract<RuleConfig, { type: 'illegal_parking' }>> = {}): RuleConfig => ({ type: 'illegal_parking', graceSeconds: 10, classes: ['car'], ...extra });
  /** Drives in, stands at (x, 0.7) from `stop` to `leave`, drives off. */
  const car = (x: number, stop: number, leave: number): ScriptedObject => ({ className: 'car', size: [0.15, 0.12], path: [[stop - 4, 0.02, 0.7], [stop, x, 0.7], [leave, x, 0.7], [leave + 3, 0.98, 0.7]] });

  it('a car reported before the restart and still parked after it is not reported again; its case goes on under its key', () => {
    const frames = generateScene([car(0.7, 5, 100)], { fps: 5, durationSeconds: 110, jitter: 0.02, seed: 3 });
    const { before, after } = acrossRestart(frames, [zone(polygon, [parking({ renotifyMinutes: 0.5 })])], 30, 50);
    expect(phases(before)).toEqual(['triggered']);
    const key = before[0]!.key;
    // The re-notification due at 45 s fell in the downtime and is not sent late; the one at 75 s is.
    expect(after.map((e) => [e.phase, e.key])).toEqual([['renotified', key], ['ended', key]]);
    expect(atS(after[0]!.triggeredAtMs)).toBe(75);
    expect(after[1]!.startedAtMs).toBe(before[0]!.startedAtMs);
    expect(Math.abs(after[1]!.endedAtMs! / 1000 - 100)).toBeLessThanOrEqual(1.5);
  });

  it('another car parking in the zone after the restart is still reported', () => {
    const frames = generateScene([car(0.6, 5, 100), car(0.84, 60, 100)], { fps: 5, durationSeconds: 110, jitter: 0.02, seed: 4 });
    const { before, after } = acrossRestart(frames, [zone(polygon, [parking()])], 30, 50);
    expect(phases(before)).toEqual(['triggered']);
    const triggered = after.filter((e) => e.phase === 'triggered');
    expect(triggered).toHaveLength(1);
    expect(triggered[0]!.key).not.toBe(before[0]!.key);
    expect(Math.abs((triggered[0]!.bbox.x1 + triggered[0]!.bbox.x2) / 2 - 0.84)).toBeLessThan(0.03);
    expect(after.filter((e) => e.phase === 'ended').map((e) => e.key).sort()).toEqual([before[0]!.key, triggered[0]!.key].sort());
  });

  it(`a car not seen for longer than the memory (${REPORTED_CASE_MEMORY_MS / 60_000} min) is reported again`, () => {
    const upAt = 30 + REPORTED_CASE_MEMORY_MS / 1000 + 30;
    const frames = generateScene([car(0.7, 5, upAt + 60)], { fps: 2, durationSeconds: upAt + 70, jitter: 0.02, seed: 5 });
    const { before, after } = acrossRestart(frames, [zone(polygon, [parking()])], 30, upAt);
    expect(phases(before)).toEqual(['triggered']);
    expect(phases(after)).toEqual(['triggered', 'ended']);
  });

  it('a car that left during the downtime is forgotten: another car parking in its place is reported', () => {
    const frames = generateScene([car(0.7, 5, 35), car(0.7, 70, 110)], { fps: 5, durationSeconds: 120, jitter: 0.02, seed: 6 });
    const { before, after } = acrossRestart(frames, [zone(polygon, [parking()])], 30, 50);
    expect(phases(before)).toEqual(['triggered']);
    expect(phases(after)).toEqual(['triggered', 'ended']);
    // The second car's own stay: from when it stopped, not the first car's case.
    expect(atS(after[0]!.startedAtMs)).toBeGreaterThanOrEqual(70);
  });
});

describe('littering across a restart', () => {
  const polygon: [number, number][] = [[0, 0.45], [1, 0.45], [1, 1], [0, 1]];
  const littering: RuleConfig = { type: 'littering', graceSeconds: 8, classes: ['suitcase', 'backpack'], minAreaFraction: 0.0005 };
  const owner: ScriptedObject = { className: 'person', size: [0.05, 0.3], path: [[0, -0.05, 0.85], [4, 0.4, 0.85], [8, 0.4, 0.85], [12, 1.05, 0.85]] };
  const suitcase = (x: number, from: number, to: number): ScriptedObject => ({ className: 'suitcase', size: [0.05, 0.1], path: [[from, x, 0.86], [to, x, 0.86]] });

  it('a suitcase reported before the restart and still there after it is not reported again', () => {
    // The tracker keeps a still object's track 30 s after it goes: the case ends about 110 s.
    const frames = generateScene([owner, suitcase(0.45, 6, 80)], { fps: 5, durationSeconds: 125 });
    const { before, after } = acrossRestart(frames, [zone(polygon, [littering])], 25, 40);
    expect(phases(before)).toEqual(['triggered']);
    expect(after.map((e) => [e.phase, e.key])).toEqual([['ended', before[0]!.key]]);
  });

  it('a second object left after the restart is still reported', () => {
    const frames = generateScene([owner, suitcase(0.45, 6, 80), suitcase(0.75, 45, 80)], { fps: 5, durationSeconds: 90 });
    const { before, after } = acrossRestart(frames, [zone(polygon, [littering])], 25, 40);
    expect(phases(before)).toEqual(['triggered']);
    const triggered = after.filter((e) => e.phase === 'triggered');
    expect(triggered).toHaveLength(1);
    expect(triggered[0]!.bbox.x1).toBeGreaterThan(0.7);
  });

  it('an object not seen for longer than the memory is reported again', () => {
    const upAt = 25 + REPORTED_CASE_MEMORY_MS / 1000 + 30;
    const frames = generateScene([owner, suitcase(0.45, 6, upAt + 40)], { fps: 2, durationSeconds: upAt + 85 });
    const { before, after } = acrossRestart(frames, [zone(polygon, [littering])], 25, upAt);
    expect(phases(before)).toEqual(['triggered']);
    expect(phases(after)).toEqual(['triggered', 'ended']);
  });
});

describe('sidewalk_encroachment across a restart', () => {
  const polygon: [number, number][] = [[0, 0.7], [1, 0.7], [1, 1], [0, 1]];
  const encroachment: RuleConfig = { type: 'sidewalk_encroachment', graceSeconds: 20, clearSeconds: 10, classes: ['person', 'chair'] };
  const chair = (from: number, to: number): ScriptedObject => ({ className: 'chair', size: [0.06, 0.08], path: [[from, 0.45, 0.9], [to, 0.45, 0.9]] });
  const vendor = (from: number, to: number, x = 0.5): ScriptedObject => ({ className: 'person', size: [0.04, 0.15], path: [[from, x, 0.85], [to, x, 0.85]] });

  it("a vendor's stall reported before the restart and still there after it is the same episode", () => {
    const frames = generateScene([chair(0, 100), vendor(0, 100)], { fps: 5, durationSeconds: 120 });
    const { before, after } = acrossRestart(frames, [zone(polygon, [encroachment])], 40, 55);
    expect(phases(before)).toEqual(['triggered']);
    expect(after.map((e) => [e.phase, e.key])).toEqual([['ended', before[0]!.key]]);
    expect(after[0]!.startedAtMs).toBe(before[0]!.startedAtMs);
  });

  it('a zone seen clear for the clear time after the restart starts a new episode when someone stays again', () => {
    const frames = generateScene([vendor(0, 45), vendor(70, 110, 0.3)], { fps: 5, durationSeconds: 120 });
    const { before, after } = acrossRestart(frames, [zone(polygon, [encroachment])], 40, 55);
    expect(phases(before)).toEqual(['triggered']);
    expect(phases(after)).toEqual(['triggered', 'ended']);
    expect(atS(after[0]!.startedAtMs)).toBeGreaterThanOrEqual(70);
  });

  it('an episode not seen for longer than the memory is reported again', () => {
    const upAt = 40 + REPORTED_CASE_MEMORY_MS / 1000 + 30;
    const frames = generateScene([chair(0, upAt + 40), vendor(0, upAt + 40)], { fps: 2, durationSeconds: upAt + 60 });
    const { before, after } = acrossRestart(frames, [zone(polygon, [encroachment])], 40, upAt);
    expect(phases(before)).toEqual(['triggered']);
    expect(phases(after)).toEqual(['triggered', 'ended']);
  });
});

describe('ReportedCases', () => {
  const box = { x1: 0.1, y1: 0.1, x2: 0.2, y2: 0.2 };
  const reported = (key: string, lastSeenMs: number): ReportedCase => ({ zoneId: 'z', rule: 'illegal_parking', key, box, family: 'vehicle', startedAtMs: 0, triggeredAtMs: 0, lastSeenMs });

  it('says at once when a case is reported or forgotten, and only that a live one was seen again', () => {
    const memory = new ReportedCases('cam-1');
    const changes: string[] = [];
    memory.onChange((change) => changes.push(change));
    memory.remember(reported('cam-1/z/illegal_parking/1', 1_000));
    memory.seen('z', 'illegal_parking', 'cam-1/z/illegal_parking/1', box, 2_000);
    memory.forget('z', 'illegal_parking', 'cam-1/z/illegal_parking/1');
    memory.forget('z', 'illegal_parking', 'cam-1/z/illegal_parking/1');
    expect(changes).toEqual(['reported', 'seen', 'forgotten']);
  });

  it('drops what was not seen within the memory limit, and numbers new cases past the keys it holds', () => {
    const memory = new ReportedCases('cam-1', [reported('cam-1/z/illegal_parking/1', 0), reported('cam-1/z/illegal_parking/2', 100_000)]);
    const rule = memory.forRule('z', 'illegal_parking', 0);
    expect(rule.nextKey()).toBe('cam-1/z/illegal_parking/3');
    memory.expire(REPORTED_CASE_MEMORY_MS + 50_000);
    expect(memory.list().map((c) => c.key)).toEqual(['cam-1/z/illegal_parking/2']);
    expect(rule.find(REPORTED_CASE_MEMORY_MS + 50_000, () => true)?.key).toBe('cam-1/z/illegal_parking/2');
    expect(memory.forRule('z', 'littering', 0).find(REPORTED_CASE_MEMORY_MS, () => true)).toBeUndefined();
  });

  it("shows a rule its cases in the rule's own frame clock", () => {
    const memory = new ReportedCases('cam-1', [{ ...reported('k', 1_700_000_010_000), startedAtMs: 1_700_000_000_000, triggeredAtMs: 1_700_000_005_000 }]);
    const rule = memory.forRule('z', 'illegal_parking', 1_700_000_000_000);
    expect(rule.get('k')).toMatchObject({ startedAtMs: 0, triggeredAtMs: 5_000, lastSeenMs: 10_000 });
    rule.seen('k', box, 12_000);
    expect(memory.list()[0]!.lastSeenMs).toBe(1_700_000_012_000);
  });
});
