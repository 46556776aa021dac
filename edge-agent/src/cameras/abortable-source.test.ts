import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { FrameChannel } from '../ingest/frame-channel.js';
import type { Frame, FrameSource } from '../ingest/frame.js';
import { abortableSource } from './abortable-source.js';

function frame(seq: number): Frame {
  return { cameraId: 'cam', seq, timestampMs: seq * 200, width: 2, height: 2, pixelFormat: 'bgr24', data: new Uint8Array(12), letterbox: { srcWidth: 2, srcHeight: 2, scale: 1, contentWidth: 2, contentHeight: 2 } };
}

function channelSource(): { source: FrameSource; channel: FrameChannel<Frame> } {
  const channel = new FrameChannel<Frame>({ mode: 'latest' });
  return { channel, source: { cameraId: 'cam', stop: () => Promise.resolve(channel.close()), frames: () => channel } };
}

describe('abortableSource', () => {
  it('passes frames through until the signal aborts, then ends a loop that is waiting for a frame', async () => {
    const { source, channel } = channelSource();
    const abort = new AbortController();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const f of abortableSource(source, abort.signal).frames()) seen.push(f.seq);
    })();
    channel.push(frame(0));
    channel.push(frame(1));
    await new Promise((r) => setTimeout(r, 20));
    // The camera is silent now: only the abort can end the loop.
    abort.abort();
    await loop;
    expect(seen).toEqual([0, 1]);
    // The reader let go of the channel: later frames are not queued for anyone.
    channel.push(frame(2));
    expect(channel.isClosed).toBe(false);
  });

  it('ends at once when the signal was already aborted', async () => {
    const { source, channel } = channelSource();
    channel.push(frame(0));
    const seen: number[] = [];
    for await (const f of abortableSource(source, AbortSignal.abort()).frames()) seen.push(f.seq);
    expect(seen).toEqual([]);
  });

  it('lets go of every frame once it is handed on, while the camera keeps running', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const frames: FrameSource = {
      cameraId: 'cam',
      stop: () => Promise.resolve(),
      frames: () => ({
        [Symbol.asyncIterator]: () => {
          let seq = 0;
          return { next: () => Promise.resolve({ value: frame(seq++), done: false as const }) };
        },
      }),
    };
    const abort = new AbortController();
    const reader = abortableSource(frames, abort.signal).frames()[Symbol.asyncIterator]();
    const handedOn: WeakRef<Frame>[] = [];
    for (let i = 0; i < 200; i++) {
      const next = await reader.next();
      if (i % 20 === 0) handedOn.push(new WeakRef(next.value as Frame));
    }
    // Still reading (not aborted, not ended): nothing should hold the frames already read.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(handedOn.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
    expect((await reader.next()).done).toBe(false);
    abort.abort();
    expect((await reader.next()).done).toBe(true);
  });

  it('ends normally when the source ends', async () => {
    const { source, channel } = channelSource();
    channel.push(frame(0));
    channel.close();
    const seen: number[] = [];
    for await (const f of abortableSource(source, new AbortController().signal).frames()) seen.push(f.seq);
    expect(seen).toEqual([0]);
  });
});
