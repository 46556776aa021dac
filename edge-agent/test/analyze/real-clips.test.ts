import { fixturePath } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iou } from '../../src/geometry/box-math.js';
import { AnalyzeRunner, agentConfig, asBox, type AnalyzeResult } from './analyze-cli.js';

/*
 * `edge-agent analyze` on real clips (ground truth read off the frames by eye, +-1 s). Each run
 * carries two zones of different shape and grace time, so one analysis checks both a positive
 * and a negative expectation and no layout is special.
 */

const runner = new AnalyzeRunner();
afterAll(() => runner.cleanup());

describe('analyze: a bag left on the sidewalk (sidewalk-bag-left.avi)', () => {
  // The bag beside the blue utility box, read off the frame at 16 s (frame fractions).
  const bag = { x1: 0.62, y1: 0.75, x2: 0.71, y2: 0.88 };
  let result: AnalyzeResult;

  beforeAll(async () => {
    result = await runner.analyze(
      agentConfig([
        { id: 'walkway', polygon: [[0.1, 0.35], [0.72, 0.35], [0.72, 1], [0.1, 1]], rules: [{ type: 'littering', graceSeconds: 5 }] },
        { id: 'kerb', polygon: [[0.45, 0.55], [0.98, 0.6], [0.98, 1], [0.4, 1]], rules: [{ type: 'littering', graceSeconds: 3 }] },
        // The clip ends 25 s after the bag is set down.
        { id: 'walkway-long-grace', polygon: [[0.1, 0.35], [0.72, 0.35], [0.72, 1], [0.1, 1]], rules: [{ type: 'littering', graceSeconds: 30 }] },
      ]),
      fixturePath('sidewalk-bag-left.avi'),
    );
  });

  it.each([
    ['walkway', 5],
    ['kerb', 3],
  ])('is reported once as littering in zone %s (grace %i s) after its owner walked away, boxed around the bag', (zoneId, grace) => {
    expect(result.code, result.stderr).toBe(0);
    const reports = result.reports.filter((r) => r.zoneId === zoneId);
    expect(reports, JSON.stringify(result.reports)).toHaveLength(1);
    const report = reports[0]!;
    expect(report).toMatchObject({ rule: 'littering', classes: ['object'], phase: 'triggered', endedAtS: null });
    // Set down ~14 s; the owner walks away ~17-22 s: the object's time starts once he is clear.
    expect(report.startedAtS).toBeGreaterThanOrEqual(14);
    expect(report.startedAtS).toBeLessThanOrEqual(22);
    expect(report.triggeredAtS).toBeGreaterThanOrEqual(17 + grace - 1);
    expect(report.triggeredAtS).toBeLessThanOrEqual(22 + grace + 3);
    expect(iou(asBox(report.bbox), bag)).toBeGreaterThanOrEqual(0.5);
    process.stderr.write(`[bag] ${zoneId}: started ${report.startedAtS} s, reported at ${report.triggeredAtS} s (grace ${grace} s), IoU ${iou(asBox(report.bbox), bag).toFixed(2)}\n`);
  });

  it('is not reported when the grace time outlasts the clip', () => {
    expect(result.reports.filter((r) => r.zoneId === 'walkway-long-grace')).toEqual([]);
  });
});

describe('analyze: people pausing at a table (table-people-dwell.mp4, stays of about 10-25 s)', () => {
  let result: AnalyzeResult;

  beforeAll(async () => {
    const encroachment = (graceSeconds: number) => ({ type: 'sidewalk_encroachment', graceSeconds, clearSeconds: 10 });
    const littering = { type: 'littering', graceSeconds: 8 };
    result = await runner.analyze(
      agentConfig([
        { id: 'table-long-grace', polygon: [[0.3, 0.55], [0.9, 0.55], [0.9, 1], [0.3, 1]], rules: [encroachment(40), littering] },
        { id: 'table-short-grace', polygon: [[0.35, 0.5], [0.85, 0.5], [0.85, 0.98], [0.35, 0.98]], rules: [encroachment(6), littering] },
      ]),
      fixturePath('table-people-dwell.mp4'),
    );
  });

  it('with a grace time longer than any stay, nobody is encroachment and nothing is litter', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.reports.filter((r) => r.zoneId === 'table-long-grace')).toEqual([]);
  });

  it('with a shorter grace time, a person who stays is encroachment, and still nothing is litter', () => {
    const reports = result.reports.filter((r) => r.zoneId === 'table-short-grace');
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(reports.every((r) => r.rule === 'sidewalk_encroachment' && r.classes.includes('person'))).toBe(true);
    // The first visitor reaches the table at about 7 s.
    const first = reports[0]!;
    expect(Math.abs(first.startedAtS - 7)).toBeLessThanOrEqual(2);
    expect(first.triggeredAtS - first.startedAtS).toBeCloseTo(6, 0);
    process.stderr.write(`[table] ${reports.length} encroachment episode(s); first started ${first.startedAtS} s, reported ${first.triggeredAtS} s, ended ${first.endedAtS} s\n`);
  });
});
