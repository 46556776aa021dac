import { describe, expect, it } from 'vitest';
import { parseSmapsRollup, sampleValue } from './process-memory.js';
import { growthAfter, perCameraCost, slopePerMinute } from './soak-figures.js';

describe('soak figures', () => {
  it('fits the slope of a series by least squares', () => {
    expect(slopePerMinute([{ minute: 0, mb: 100 }, { minute: 1, mb: 102 }, { minute: 2, mb: 104 }])).toBeCloseTo(2);
    // Noise around a flat line: no slope.
    expect(slopePerMinute([{ minute: 0, mb: 100 }, { minute: 1, mb: 103 }, { minute: 2, mb: 97 }, { minute: 3, mb: 100 }])).toBeCloseTo(-0.6);
    expect(slopePerMinute([{ minute: 5, mb: 100 }])).toBe(0);
  });

  it('measures growth from the end of the warm-up to the last reading', () => {
    const readings = [0, 1, 2, 3, 4].map((minute) => ({ minute, mb: minute < 2 ? 50 + minute * 100 : 200 + (minute - 2) * 10 }));
    expect(growthAfter(readings, 2)).toEqual({ minutes: 2, fromMb: 200, toMb: 220, percent: 10, slopeMbPerMinute: 10 });
    expect(growthAfter(readings, 4)).toBeUndefined();
    // ffmpeg before the cameras started: no percentage of nothing.
    expect(growthAfter([{ minute: 0, mb: 0 }, { minute: 1, mb: 90 }], 0)?.percent).toBeNull();
  });

  it('takes memory per extra camera from the post-warm-up means of two camera counts', () => {
    const run = (cameras: number, agent: number, ffmpeg: number) => ({ cameras, rows: [0, 1, 2, 3].map((minute) => ({ minute, agentPssMb: minute === 0 ? 90 : agent + minute, ffmpegPssMb: minute === 0 ? 0 : ffmpeg })) });
    // Minutes 1-3 count: agent means 202 and 250, ffmpeg 60 and 180, over 6 more cameras.
    const cost = perCameraCost(run(8, 248, 180), run(2, 200, 60), 1);
    expect(cost).toEqual({ from: { cameras: 2, agentMb: 202, ffmpegMb: 60 }, to: { cameras: 8, agentMb: 250, ffmpegMb: 180 }, perCameraMb: 28, agentPerCameraMb: 8, ffmpegPerCameraMb: 20 });
    expect(perCameraCost(run(2, 200, 60), run(2, 210, 60), 1)).toBeUndefined();
    expect(perCameraCost(run(2, 200, 60), run(8, 248, 180), 4)).toBeUndefined();
  });

  it('reads proportional and resident memory from smaps_rollup, and a sample from an exposition', () => {
    const rollup = '55d0-7ffd ---p 00000000 00:00 0  [rollup]\nRss:              204800 kB\nPss:               51200 kB\nPss_Anon:          40000 kB\n';
    expect(parseSmapsRollup(rollup)).toEqual({ rss: 204_800 * 1024, pss: 51_200 * 1024 });
    const exposition = '# HELP x_heap heap\n# TYPE x_heap gauge\nx_heap 1234.5\nx_heap_total 99\njobs{status="ok"} 3\njobs{status="bad"} 2\n';
    expect(sampleValue(exposition, 'x_heap')).toBe(1234.5);
    expect(sampleValue(exposition, 'jobs')).toBe(5);
    expect(sampleValue(exposition, 'x_missing')).toBeUndefined();
  });
});
