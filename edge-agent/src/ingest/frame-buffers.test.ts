import { describe, expect, it } from 'vitest';
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

  it('owns a buffer only through a view that spans all of it', () => {
    expect(ownedBuffer(new Uint8Array(new ArrayBuffer(8), 4, 4))).toBeUndefined();
    const whole = new ArrayBuffer(8);
    expect(ownedBuffer(new Uint8Array(whole))).toBe(whole);
  });
});
