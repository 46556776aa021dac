import { composeScene, fixturePath, parkingScene, type SceneSpec } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iou } from '../../src/geometry/box-math.js';
import { AnalyzeRunner, agentConfig, around, asBox, parkedTruth, type AnalyzeResult } from './analyze-cli.js';

/*
 * `edge-agent analyze` end to end (ffmpeg, the detector pool, tracker, rules) on scenes composed
 * from real footage: the real car image over the real empty lot, with exact ground truth. Two
 * layouts (stop position, zone, grace, scene and camera fps) so nothing is tuned to one of them.
 */

const parking = (graceSeconds: number) => ({ type: 'illegal_parking', graceSeconds });
/*
 * The rule may report up to this long after stop + grace: the stationary test needs a window of
 * samples, and motion gating confirms a still car only at its forced detections (every 2 s).
 */
const LATE_S = 3;
/** ...and this much before: the stop is dated from the boxes, to within a frame or two of jitter. */
const EARLY_S = 1;

const runner = new AnalyzeRunner();
afterAll(() => runner.cleanup());

function expectOneReport(result: AnalyzeResult, zoneId: string, spec: SceneSpec, graceSeconds: number): void {
  expect(result.code, result.stderr).toBe(0);
  const truth = parkedTruth(spec);
  const reports = result.reports.filter((r) => r.zoneId === zoneId);
  expect(reports, JSON.stringify(result.reports)).toHaveLength(1);
  const report = reports[0]!;
  expect(report).toMatchObject({ rule: 'illegal_parking', cameraId: 'cam-1', classes: ['car'], phase: 'triggered' });
  const due = truth.fromS + graceSeconds;
  expect(report.triggeredAtS).toBeGreaterThanOrEqual(due - EARLY_S);
  expect(report.triggeredAtS).toBeLessThanOrEqual(due + LATE_S);
  expect(Math.abs(report.startedAtS - truth.fromS)).toBeLessThanOrEqual(LATE_S);
  expect(iou(asBox(report.bbox), truth.box)).toBeGreaterThanOrEqual(0.5);
  expect(report.score).toBeGreaterThan(0.3);
  // The car drives off at toS: the stay ends then (the tracker needs a moment to see it go).
  expect(report.endedAtS).not.toBeNull();
  expect(Math.abs(report.endedAtS! - truth.toS)).toBeLessThanOrEqual(LATE_S);
  process.stderr.write(`[parking] ${zoneId}: stopped ${truth.fromS} s + grace ${graceSeconds} s = ${due} s; reported at ${report.triggeredAtS} s (started ${report.startedAtS} s, ended ${report.endedAtS} s, IoU ${iou(asBox(report.bbox), truth.box).toFixed(2)})\n`);
}

describe('analyze: a car parked mid-lot (stops at 5 s for 20 s; scene 10 fps, camera 5 fps)', () => {
  const spec = parkingScene({ name: 'analyze-park-mid', stop: { x: 330, y: 200 }, arriveAt: 2, staySeconds: 20 });
  const truth = parkedTruth(spec);
  let result: AnalyzeResult;

  beforeAll(async () => {
    const input = await composeScene(spec);
    result = await runner.analyze(
      agentConfig([
        { id: 'bay', polygon: around(truth.box, 0.06), rules: [parking(8)] },
        // The same bay with a grace time longer than the stay.
        { id: 'bay-long-grace', polygon: around(truth.box, 0.06), rules: [parking(25)] },
        // The car drives through this strip on its way in (and never stops there).
        { id: 'entry-strip', polygon: [[0, 0.4], [0.3, 0.4], [0.3, 0.95], [0, 0.95]], rules: [parking(3)] },
        // Beyond the car, where it only passes on its way out.
        { id: 'exit-strip', polygon: [[0.75, 0.4], [1, 0.4], [1, 0.95], [0.75, 0.95]], rules: [parking(3)] },
        { id: 'far-corner', polygon: [[0, 0], [0.3, 0], [0.3, 0.3], [0, 0.3]], rules: [parking(3)] },
      ]),
      input,
      ['--start', '2025-03-03T08:00:00+07:00'],
    );
  });

  it('is reported exactly once, shortly after stop + grace, boxed around the car', () => {
    expectOneReport(result, 'bay', spec, 8);
    // --start sets the wall clock of the first frame.
    const report = result.reports.find((r) => r.zoneId === 'bay')!;
    expect(Date.parse(report.triggeredAt)).toBe(Date.parse('2025-03-03T08:00:00+07:00') + Math.round(report.triggeredAtS * 1000));
  });

  it('is not reported where its stay is shorter than the grace time, or where it only drove', () => {
    expect(result.reports.filter((r) => r.zoneId !== 'bay')).toEqual([]);
  });

  it('prints only JSON lines on stdout and a summary on stderr', () => {
    expect(result.stdout.trim().split('\n').every((line) => line.startsWith('{'))).toBe(true);
    expect(result.stderr).toMatch(/1 violation; 1\d\d frames .* dropped 0\)/);
  });
});

describe('analyze: a car parked near the top-left corner (stops at 3 s for 15 s; scene 12 fps, camera 4 fps)', () => {
  const spec = parkingScene({ name: 'analyze-park-corner', stop: { x: 60, y: 40 }, arriveAt: 1, driveSeconds: 2, staySeconds: 15, fps: 12 });
  let result: AnalyzeResult;

  beforeAll(async () => {
    const input = await composeScene(spec);
    const zones = [
      { id: 'corner', polygon: [[0.02, 0.02], [0.5, 0.02], [0.45, 0.55], [0.02, 0.5]] as [number, number][], rules: [parking(6)] },
      { id: 'lower-lot', polygon: [[0, 0.6], [1, 0.6], [1, 1], [0, 1]] as [number, number][], rules: [parking(2)] },
    ];
    result = await runner.analyze(agentConfig(zones, { detect: { url: 'placeholder.mp4', fps: 4 } }), input);
  });

  it('is reported exactly once, shortly after stop + grace, boxed around the car', () => {
    expectOneReport(result, 'corner', spec, 6);
  });

  it('is not reported in a zone it never entered', () => {
    expect(result.reports.filter((r) => r.zoneId !== 'corner')).toEqual([]);
  });
});

describe('analyze: vehicles that do not park give nothing', () => {
  it('the same car stopping 4 s in the bay, with an 8 s grace time', async () => {
    const spec = parkingScene({ name: 'analyze-short-stop', stop: { x: 330, y: 200 }, arriveAt: 2, staySeconds: 4 });
    const result = await runner.analyze(agentConfig([{ id: 'bay', polygon: around(parkedTruth(spec).box, 0.06), rules: [parking(8)] }]), await composeScene(spec));
    expect(result.code, result.stderr).toBe(0);
    expect(result.reports).toEqual([]);
  });

  it('cars driving through the lot (lot-drive-through.mp4), whole-frame and half-frame zones', async () => {
    const result = await runner.analyze(
      agentConfig([
        { id: 'whole-lot', polygon: [[0, 0], [1, 0], [1, 1], [0, 1]], rules: [parking(5)] },
        { id: 'left-half', polygon: [[0, 0], [0.5, 0], [0.5, 1], [0, 1]], rules: [parking(3)] },
      ]),
      fixturePath('lot-drive-through.mp4'),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.reports).toEqual([]);
  });
});
