import { describe, expect, it } from 'vitest';
import type { RuleConfig } from '../config/agent-config.schema.js';
import { zone } from '../../test/rules/run-analyzer.js';
import { greyScene } from '../../test/rules/synthetic-grey.js';
import { generateScene } from '../../test/rules/synthetic-scene.js';
import { CameraAnalyzer } from './camera-analyzer.js';
import { greyThumbnail } from './littering/grey-frame.js';

const square: [number, number][] = [[0, 0], [1, 0], [1, 1], [0, 1]];
const parking: RuleConfig = { type: 'illegal_parking', graceSeconds: 10, classes: ['car'] };
const frame = (seq: number, timestampMs: number, cameraId = 'cam-1') => ({ cameraId, seq, timestampMs, detections: [], inferred: true });

describe('CameraAnalyzer', () => {
  it('is deterministic: the same frames give the same events', () => {
    const frames = generateScene([{ className: 'car', size: [0.2, 0.15], path: [[0, 0.1, 0.5], [3, 0.5, 0.5], [30, 0.5, 0.5]] }], { fps: 5, durationSeconds: 30, jitter: 0.03, seed: 2 });
    const run = () => {
      const a = new CameraAnalyzer({ cameraId: 'cam-1', zones: [zone(square, [parking])] });
      return frames.flatMap((f) => a.step({ detections: f }).events);
    };
    expect(run()).toHaveLength(1);
    expect(run()).toEqual(run());
  });

  it('asks for grey pictures only when a zone has a littering rule', () => {
    expect(new CameraAnalyzer({ cameraId: 'cam-1', zones: [zone(square, [parking])] }).needsGrey).toBe(false);
    const littering: RuleConfig = { type: 'littering', graceSeconds: 30, classes: [], minAreaFraction: 0.001 };
    expect(new CameraAnalyzer({ cameraId: 'cam-1', zones: [zone(square, [parking, littering])] }).needsGrey).toBe(true);
  });

  it('rejects frames of another camera, frames out of order and unknown time zones', () => {
    const a = new CameraAnalyzer({ cameraId: 'cam-1', zones: [zone(square, [parking])] });
    expect(() => a.step({ detections: frame(0, 0, 'cam-2') })).toThrow(/camera cam-2/);
    a.step({ detections: frame(1, 1000) });
    expect(() => a.step({ detections: frame(2, 500) })).toThrow(/older than the previous one/);
    expect(() => new CameraAnalyzer({ cameraId: 'cam-1', timezone: 'Mars/Olympus', zones: [zone(square, [parking], { schedule: { days: ['mon'], start: '07:00', end: '09:00' } })] })).toThrow(/unknown time zone/);
  });

  it('runs a littering camera in a small fraction of one inference per frame', () => {
    const objects = [{ className: 'person', size: [0.05, 0.3] as [number, number], grey: 200, path: [[0, 0, 0.8], [60, 1, 0.8]] as [number, number, number][] }];
    const frames = generateScene(objects, { fps: 5, durationSeconds: 60 });
    const paint = greyScene(objects);
    const littering: RuleConfig = { type: 'littering', graceSeconds: 30, classes: ['backpack'], minAreaFraction: 0.0005 };
    const a = new CameraAnalyzer({ cameraId: 'cam-1', zones: [zone(square, [parking, littering])] });
    const greys = frames.map((f) => ({ ...paint(f.timestampMs / 1000), data: new Uint8Array(paint(f.timestampMs / 1000).data) }));
    const start = performance.now();
    frames.forEach((f, i) => a.step({ detections: f, grey: greys[i]! }));
    const perFrameMs = (performance.now() - start) / frames.length;
    // About 0.5-1 ms on the project machine against ~29 ms for one inference; 10 ms only
    // catches a per-frame cost gone wrong (allocations, quadratic loops), not a slow CI box.
    expect(perFrameMs).toBeLessThan(10);
  });
});

describe('CameraAnalyzer.setZones (an installer edits zones while the camera runs)', () => {
  // A car drives in and stops at (0.5, 0.5) from 3 s on, for the rest of the minute.
  const frames = generateScene([{ className: 'car', size: [0.2, 0.15], path: [[0, 0.1, 0.5], [3, 0.5, 0.5], [60, 0.5, 0.5]] }], { fps: 5, durationSeconds: 60, jitter: 0.02, seed: 5 });
  const leftStrip: [number, number][] = [[0, 0], [0.2, 0], [0.2, 1], [0, 1]];
  const aroundCar: [number, number][] = [[0.3, 0.3], [0.7, 0.3], [0.7, 0.8], [0.3, 0.8]];
  const widerAroundCar: [number, number][] = [[0.25, 0.3], [0.75, 0.3], [0.75, 0.85], [0.25, 0.85]];

  /** Runs the frames, calling `edit` once at `atSeconds`; the triggered events with their time in seconds. */
  function triggered(initial: ReturnType<typeof zone>[], atSeconds: number, edit: (a: CameraAnalyzer) => void) {
    const a = new CameraAnalyzer({ cameraId: 'cam-1', zones: initial });
    const out: { zoneId: string; atS: number }[] = [];
    let edited = false;
    for (const f of frames) {
      if (!edited && f.timestampMs >= atSeconds * 1000) {
        edit(a);
        edited = true;
      }
      for (const e of a.step({ detections: f }).events) if (e.phase === 'triggered') out.push({ zoneId: e.zoneId, atS: Math.round(e.triggeredAtMs / 1000) });
    }
    return out;
  }

  it('a zone drawn around a car already parked starts timing it and reports it after the grace time', () => {
    const events = triggered([zone(leftStrip, [parking], { id: 'left' })], 20, (a) => a.setZones([zone(leftStrip, [parking], { id: 'left' }), zone(aroundCar, [parking], { id: 'gate' })]));
    expect(events).toHaveLength(1);
    expect(events[0]!.zoneId).toBe('gate');
    // The new zone's rule sees the car from the edit on (20 s) and reports it one grace time later.
    expect(events[0]!.atS).toBeGreaterThanOrEqual(30);
    expect(events[0]!.atS).toBeLessThanOrEqual(33);
  });

  it('a zone left as it was keeps its timing; a moved zone starts again', () => {
    const kept = triggered([zone(aroundCar, [parking], { id: 'gate' })], 8, (a) => a.setZones([zone(aroundCar, [parking], { id: 'gate' }), zone(leftStrip, [parking], { id: 'left' })]));
    const untouched = triggered([zone(aroundCar, [parking], { id: 'gate' })], 8, () => undefined);
    expect(kept).toEqual(untouched);
    expect(kept).toHaveLength(1);
    const moved = triggered([zone(aroundCar, [parking], { id: 'gate' })], 8, (a) => a.setZones([zone(widerAroundCar, [parking], { id: 'gate' })]));
    expect(moved).toHaveLength(1);
    expect(moved[0]!.atS).toBeGreaterThanOrEqual(18);
    expect(moved[0]!.atS).toBeGreaterThan(untouched[0]!.atS);
  });

  it('a new grace time on the zone of a car already reported does not report it again', () => {
    const slower: RuleConfig = { ...parking, graceSeconds: 20 };
    const edited = triggered([zone(aroundCar, [parking], { id: 'gate' })], 30, (a) => a.setZones([zone(aroundCar, [slower], { id: 'gate' })]));
    expect(edited).toHaveLength(1);
    expect(edited[0]!.atS).toBeLessThan(30);
  });

  it('a zone edit keeps the case of a car already reported: its stay ends under the same key', () => {
    const a = new CameraAnalyzer({ cameraId: 'cam-1', zones: [zone(aroundCar, [parking], { id: 'gate' })] });
    const leaves = generateScene([{ className: 'car', size: [0.2, 0.15], path: [[0, 0.1, 0.5], [3, 0.5, 0.5], [40, 0.5, 0.5], [43, 0.98, 0.5]] }], { fps: 5, durationSeconds: 60, jitter: 0.02, seed: 5 });
    const before = leaves.filter((f) => f.timestampMs < 25_000).flatMap((f) => a.step({ detections: f }).events);
    expect(before.map((e) => e.phase)).toEqual(['triggered']);
    expect(a.setZones([zone(widerAroundCar, [{ ...parking, renotifyMinutes: 5 }], { id: 'gate' })])).toEqual([]);
    const after = leaves.filter((f) => f.timestampMs >= 25_000).flatMap((f) => a.step({ detections: f }).events);
    expect(after.map((e) => [e.phase, e.key])).toEqual([['ended', before[0]!.key]]);
  });

  it('a removed zone reports nothing more', () => {
    const a = new CameraAnalyzer({ cameraId: 'cam-1', zones: [zone(aroundCar, [parking], { id: 'gate' })] });
    const events = frames.filter((f) => f.timestampMs < 30_000).flatMap((f) => a.step({ detections: f }).events);
    expect(events.map((e) => e.phase)).toEqual(['triggered']);
    a.setZones([]);
    const after = frames.filter((f) => f.timestampMs >= 30_000).flatMap((f) => a.step({ detections: f }).events);
    expect(after).toEqual([]);
  });

  it('starts producing grey pictures when a littering rule is added, and stops when it goes', () => {
    const a = new CameraAnalyzer({ cameraId: 'cam-1', zones: [zone(square, [parking])] });
    expect(a.needsGrey).toBe(false);
    a.setZones([zone(square, [parking, { type: 'littering', graceSeconds: 30, classes: [], minAreaFraction: 0.001 }])]);
    expect(a.needsGrey).toBe(true);
    a.setZones([zone(square, [parking])]);
    expect(a.needsGrey).toBe(false);
  });
});

describe('greyThumbnail', () => {
  it('averages blocks of the letterboxed BGR frame into a grey picture of its content only', () => {
    // A 6x6 BGR frame whose content is the top 6x3; padding rows are 114 grey.
    const src = new Uint8Array(6 * 6 * 3).fill(114);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 6; x++) src.fill(x < 3 ? 40 : 200, (y * 6 + x) * 3, (y * 6 + x) * 3 + 3);
    const out = new Uint8Array(4);
    const grey = greyThumbnail({ data: src, width: 6, height: 6 }, { width: 6, height: 3 }, 3, out);
    expect([grey.width, grey.height]).toEqual([2, 1]);
    expect([...grey.data.subarray(0, 2)]).toEqual([40, 200]);
    expect(() => greyThumbnail({ data: src, width: 6, height: 6 }, { width: 6, height: 6 }, 1, out)).toThrow(/needed/);
  });
});

describe('greyThumbnail of a planar frame', () => {
  it('gives the same grey picture for gbrp as for the packed frame it was made from', () => {
    const width = 9;
    const height = 6;
    const plane = width * height;
    const packed = Uint8Array.from({ length: plane * 3 }, (_, i) => (i * 37) % 251);
    const planar = new Uint8Array(plane * 3);
    for (let p = 0; p < plane; p++) {
      planar[plane + p] = packed[p * 3]!; // b
      planar[p] = packed[p * 3 + 1]!; // g
      planar[2 * plane + p] = packed[p * 3 + 2]!; // r
    }
    const content = { width: 9, height: 4 };
    const a = greyThumbnail({ data: packed, width, height, pixelFormat: 'bgr24' }, content, 3, new Uint8Array(6));
    const b = greyThumbnail({ data: planar, width, height, pixelFormat: 'gbrp' }, content, 3, new Uint8Array(6));
    expect([...b.data]).toEqual([...a.data]);
  });
});
