import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FrameBuffers, ownedBuffer } from './frame-buffers.js';
import { FramePipe } from './frame-pipe.js';

/**
 * A child that writes `total` bytes (byte i = i % 251) to its stdout in writes of `chunk` bytes,
 * pausing `pauseMs` between writes: frame boundaries land anywhere in a write.
 */
function writer(pipe: FramePipe, total: number, chunk: number, pauseMs = 0) {
  const script = `
    const total = ${total}, chunk = ${chunk}, pauseMs = ${pauseMs};
    const all = Buffer.from(Array.from({ length: total }, (_, i) => i % 251));
    const fs = require('node:fs');
    (async () => {
      for (let at = 0; at < total; at += chunk) {
        fs.writeSync(1, all.subarray(at, at + chunk));
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      }
    })();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', pipe.childEnd, 'inherit'] });
  pipe.handedOver();
  return child;
}

const expected = (frameBytes: number, index: number): number[] => Array.from({ length: frameBytes }, (_, i) => (index * frameBytes + i) % 251);

describe('FramePipe', () => {
  it("cuts a child's stdout into whole frames, however its writes fall, and reads to the end after the child exits", async () => {
    for (const chunk of [1_000, 4_096, 70_000, 300_000]) {
      const frameBytes = 416 * 416 * 3;
      const frames: Buffer[] = [];
      const pipe = await FramePipe.open({ frameBytes, onFrame: (f) => frames.push(f), buffers: new FrameBuffers() });
      const child = writer(pipe, frameBytes * 3 + 5, chunk);
      await once(child, 'exit');
      await pipe.ended;
      expect(frames).toHaveLength(3);
      frames.forEach((frame, i) => expect(frame.equals(Buffer.from(expected(frameBytes, i)))).toBe(true));
      // The 5 bytes of a fourth frame that never ended stay behind.
      expect(pipe.pendingBytes).toBe(5);
      pipe.close();
    }
  });

  it('gives every frame its own buffer, taken from the recycled set', async () => {
    const buffers = new FrameBuffers();
    const recycled = new ArrayBuffer(8);
    buffers.give(recycled);
    const frames: Buffer[] = [];
    const pipe = await FramePipe.open({ frameBytes: 8, onFrame: (f) => frames.push(f), buffers });
    const child = writer(pipe, 16, 3);
    await once(child, 'exit');
    await pipe.ended;
    expect(frames).toHaveLength(2);
    expect(frames[0]!.buffer).toBe(recycled);
    // Each frame spans its whole buffer, so the pool may transfer it to a worker and reuse it.
    expect(frames.every((f) => ownedBuffer(f) !== undefined)).toBe(true);
    expect(frames[1]!.buffer).not.toBe(frames[0]!.buffer);
    expect([...frames[1]!]).toEqual(expected(8, 1));
  });

  it('delivers nothing while paused (the child blocks once the socket is full) and everything after resume', async () => {
    const frameBytes = 100_000;
    const frames: Buffer[] = [];
    const pipe = await FramePipe.open({ frameBytes, onFrame: (f) => frames.push(f), buffers: new FrameBuffers() });
    pipe.pause();
    const child = writer(pipe, frameBytes * 40, 50_000, 1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(frames).toHaveLength(0);
    // 4 MB do not fit in a socket's buffer: the child is still blocked writing.
    expect(child.exitCode).toBeNull();
    pipe.resume();
    await once(child, 'exit');
    await pipe.ended;
    expect(frames).toHaveLength(40);
    expect([...frames[39]!.subarray(0, 4)]).toEqual(expected(frameBytes, 39).slice(0, 4));
  });
});
