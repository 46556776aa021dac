import { describe, expect, it } from 'vitest';
import type { Frame, FrameSource } from '../ingest/frame.js';
import { wallClockSource } from './wall-clock-source.js';

function frame(seq: number, timestampMs: number): Frame {
  return { cameraId: 'demo', seq, timestampMs, width: 2, height: 2, pixelFormat: 'bgr24', data: new Uint8Array(12), letterbox: { srcWidth: 2, srcHeight: 2, scale: 1, contentWidth: 2, contentHeight: 2 } };
}

/** Frames with media times, each read at the given wall time. */
async function mapped(frames: { media: number; wall: number }[]): Promise<number[]> {
  let now = 0;
  const source: FrameSource = {
    cameraId: 'demo',
    stop: () => Promise.resolve(),
    frames: () => ({
      async *[Symbol.asyncIterator]() {
        for (const [seq, f] of frames.entries()) {
          now = f.wall;
          yield frame(seq, f.media);
        }
      },
    }),
  };
  const out: number[] = [];
  for await (const f of wallClockSource(source, { now: () => now }).frames()) out.push(f.timestampMs);
  return out;
}

describe('wallClockSource', () => {
  const T = 1_795_849_000_000;
  it('anchors media time at the wall time of the first frame', async () => {
    expect(await mapped([{ media: 0, wall: T }, { media: 200, wall: T + 230 }, { media: 400, wall: T + 390 }])).toEqual([T, T + 200, T + 400]);
  });

  it('ignores latency jitter below the re-anchor threshold', async () => {
    expect(await mapped([{ media: 0, wall: T }, { media: 200, wall: T + 1_900 }, { media: 400, wall: T + 500 }])).toEqual([T, T + 200, T + 400]);
  });

  it('re-anchors after a restart gap, and times never go backwards', async () => {
    const out = await mapped([{ media: 0, wall: T }, { media: 200, wall: T + 200 }, { media: 400, wall: T + 10_400 }, { media: 600, wall: T + 10_600 }]);
    expect(out).toEqual([T, T + 200, T + 10_400, T + 10_600]);
  });
});
