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

  it('ends normally when the source ends', async () => {
    const { source, channel } = channelSource();
    channel.push(frame(0));
    channel.close();
    const seen: number[] = [];
    for await (const f of abortableSource(source, new AbortController().signal).frames()) seen.push(f.seq);
    expect(seen).toEqual([0]);
  });
});
