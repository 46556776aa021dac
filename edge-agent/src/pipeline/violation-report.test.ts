import { describe, expect, it } from 'vitest';
import type { ViolationEvent } from '../rules/violation-event.js';
import { PendingFrames } from './pending-frames.js';
import { reportTable } from './report-format.js';
import { ViolationReportBuilder } from './violation-report.js';

const event = (phase: ViolationEvent['phase'], n: number, triggeredAtMs: number, extra: Partial<ViolationEvent> = {}): ViolationEvent => ({
  phase,
  key: `cam-1/bay/illegal_parking/${n}`,
  rule: 'illegal_parking',
  cameraId: 'cam-1',
  zoneId: 'bay',
  classes: ['car'],
  trackIds: [n],
  scores: [0.61, 0.874],
  startedAtMs: triggeredAtMs - 8_000,
  triggeredAtMs,
  bbox: { x1: 0.123456, y1: 0.2, x2: 0.5, y2: 0.75 },
  boxes: [],
  ...extra,
});

describe('ViolationReportBuilder', () => {
  it('gives one report per trigger in trigger order, with the end time of its stay', () => {
    const builder = new ViolationReportBuilder(Date.parse('2025-03-03T01:00:00Z'));
    builder.add(event('triggered', 2, 15_000));
    builder.add(event('triggered', 1, 12_340));
    builder.add(event('ended', 1, 12_340, { endedAtMs: 30_005 }));
    builder.add(event('renotified', 1, 20_000));
    expect(builder.build()).toEqual([
      expect.objectContaining({ key: 'cam-1/bay/illegal_parking/1', phase: 'triggered', startedAtS: 4.34, triggeredAtS: 12.34, endedAtS: 30.01, triggeredAt: '2025-03-03T01:00:12.340Z', score: 0.874, bbox: [0.1235, 0.2, 0.5, 0.75] }),
      expect.objectContaining({ key: 'cam-1/bay/illegal_parking/2', triggeredAtS: 15, endedAtS: null }),
      expect.objectContaining({ key: 'cam-1/bay/illegal_parking/1', phase: 'renotified', triggeredAtS: 20, endedAtS: 30.01 }),
    ]);
    expect(builder.count).toBe(3);
  });

  it('a littering report without detector scores has score 0, never -Infinity', () => {
    const builder = new ViolationReportBuilder(0);
    builder.add(event('triggered', 1, 1_000, { scores: [] }));
    expect(builder.build()[0]?.score).toBe(0);
  });

  it('renders a table with one row per report, or a line saying there are none', () => {
    const builder = new ViolationReportBuilder(0);
    builder.add(event('triggered', 1, 12_340));
    const lines = reportTable(builder.build()).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^illegal_parking\s+cam-1\s+bay\s+car\s+4\.3\s+12\.3\s+-\s+0\.87\s+0\.12,0\.20,0\.50,0\.75$/);
    expect(reportTable([])).toBe('no violations\n');
  });
});

describe('PendingFrames', () => {
  it('hands out the side data of a frame and forgets older frames that got no result', () => {
    const pending = new PendingFrames();
    for (const seq of [3, 4, 5, 7]) pending.add(seq, { grey: { data: new Uint8Array([seq]), width: 1, height: 1, content: { x: 0, y: 0, width: 1, height: 1 } } });
    expect(pending.take(3)?.grey?.data[0]).toBe(3);
    // 4 was dropped by the pool: taking 5 discards it.
    expect(pending.take(5)?.grey?.data[0]).toBe(5);
    expect(pending.take(6)).toBeUndefined();
    expect(pending.size).toBe(1);
    expect(pending.take(7)?.grey?.data[0]).toBe(7);
    expect(pending.size).toBe(0);
  });
});
