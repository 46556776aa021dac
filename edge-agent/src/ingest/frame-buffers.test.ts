import { describe, expect, it } from 'vitest';
import { FrameAssembler } from './frame-assembler.js';
import { FrameBuffers, ownedBuffer } from './frame-buffers.js';

describe('FrameBuffers', () => {
  it('hands a returned buffer out again instead of allocating, per size, up to a bound', () => {
    const buffers = new FrameBuffers(2);
    const a = buffers.take(12);
    buffers.give(a);
    buffers.give(a);
    expect(buffers.parked).toBe(1);
    expect(buffers.take(12)).toBe(a);
    expect(buffers.take(8)).not.toBe(a);
    for (let i = 0; i < 5; i++) buffers.give(new ArrayBuffer(12));
    expect(buffers.parked).toBe(2);
  });

  it('ignores a buffer that was transferred away meanwhile', () => {
    const buffers = new FrameBuffers();
    const buffer = new ArrayBuffer(12);
    structuredClone(buffer, { transfer: [buffer] });
    buffers.give(buffer);
    expect(buffers.parked).toBe(0);
  });

  it('the assembler builds frames in recycled buffers, each whole and owned outright', () => {
    const buffers = new FrameBuffers();
    const assembler = new FrameAssembler(4, buffers);
    const frames: Buffer[] = [];
    assembler.push(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), (f) => frames.push(f));
    expect(frames.map((f) => ownedBuffer(f) !== undefined)).toEqual([true, true]);
    buffers.give(ownedBuffer(frames[0]!)!);
    assembler.push(Uint8Array.of(9, 10, 11, 12), (f) => frames.push(f));
    expect(ownedBuffer(frames[2]!)).toBe(ownedBuffer(frames[0]!));
    expect([...frames[2]!]).toEqual([9, 10, 11, 12]);
    expect(ownedBuffer(new Uint8Array(new ArrayBuffer(8), 4, 4))).toBeUndefined();
  });
});
