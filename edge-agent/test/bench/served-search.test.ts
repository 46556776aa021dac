import { describe, expect, it } from 'vitest';
import { cameraBudget, isServed, searchServed } from '../../bench/served-search.js';

describe('the served-camera search', () => {
  it('budgets cameras from per-frame costs: 2 cores, 5 fps, 2 + 1 + 17 ms a frame = 20 cameras; a 4x gate halves the cost', () => {
    expect(cameraBudget({ ffmpegMsPerFrame: 2, agentMsPerFrame: 1, inferenceMsPerRun: 17, gateMultiplier: 1 }, 2, 5)).toBe(20);
    expect(cameraBudget({ ffmpegMsPerFrame: 2, agentMsPerFrame: 1, inferenceMsPerRun: 28, gateMultiplier: 4 }, 2, 5)).toBe(40);
  });

  it('calls a count served only without drops, with every frame delivered and p95 under a second', () => {
    const ok = { cameras: 10, droppedFrames: 0, offeredFps: 49.8, p95FrameLatencyMs: 300 };
    expect(isServed(ok, 5)).toBe(true);
    expect(isServed({ ...ok, droppedFrames: 1 }, 5)).toBe(false);
    expect(isServed({ ...ok, offeredFps: 40 }, 5)).toBe(false);
    expect(isServed({ ...ok, p95FrameLatencyMs: 1_200 }, 5)).toBe(false);
  });

  it('finds the largest served count from above and from below the start', async () => {
    const upTo = (limit: number) => async (n: number) => n <= limit;
    const below = await searchServed(20, upTo(27));
    expect(below.served).toBeGreaterThanOrEqual(26);
    expect(below.served).toBeLessThanOrEqual(27);
    expect(below.tried[0]).toEqual({ cameras: 20, served: true });
    const above = await searchServed(40, upTo(23));
    expect(above.served).toBeGreaterThanOrEqual(22);
    expect(above.served).toBeLessThanOrEqual(23);
    expect(above.tried.length).toBeLessThanOrEqual(7);
    expect((await searchServed(3, upTo(0))).served).toBe(0);
    expect((await searchServed(1, upTo(1))).served).toBe(1);
  });
});
