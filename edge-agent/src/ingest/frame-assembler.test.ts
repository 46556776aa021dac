import { describe, expect, it } from 'vitest';
import { FrameAssembler } from './frame-assembler.js';

describe('FrameAssembler', () => {
  it('rebuilds frames from chunks that straddle frame boundaries', () => {
    const frameBytes = 12;
    const stream = Uint8Array.from({ length: frameBytes * 3 + 5 }, (_, i) => i % 251);
    for (const chunkSize of [1, 5, 12, 13, 40]) {
      const assembler = new FrameAssembler(frameBytes);
      const frames: Buffer[] = [];
      for (let at = 0; at < stream.length; at += chunkSize) assembler.push(stream.subarray(at, at + chunkSize), (f) => frames.push(f));
      expect(frames).toHaveLength(3);
      frames.forEach((frame, i) => expect([...frame]).toEqual([...stream.subarray(i * frameBytes, (i + 1) * frameBytes)]));
      expect(assembler.pendingBytes).toBe(5);
    }
  });

  it('gives every frame its own memory', () => {
    const assembler = new FrameAssembler(2);
    const frames: Buffer[] = [];
    assembler.push(Uint8Array.of(1, 2, 3, 4), (f) => frames.push(f));
    frames[0]![0] = 9;
    expect([...frames[1]!]).toEqual([3, 4]);
  });
});
