/**
 * Recycled frame memory. A 416x416 BGR frame is 519 KB; a fresh allocation for every frame costs
 * more than converting it to a tensor (the kernel faults in each new page on first write, and
 * 50-100 MB/s of short-lived external memory keeps the garbage collector busy). Frames go to a
 * detector worker by transfer and come back with its result, so the same few buffers circulate.
 *
 * A buffer is given back only by whoever owns it outright: the detector pool, for frames it was
 * handed (transferred ones, once the worker returns them; gated and displaced ones at once), or,
 * for frames submitted with keepPixels, the subscriber the pixels came back to (CameraRun, once
 * it knows no event needs the frame).
 */
export class FrameBuffers {
  private readonly free = new Map<number, ArrayBuffer[]>();

  /** `maxFreePerSize` bounds the memory parked here (64 x 519 KB = 33 MB). */
  constructor(private readonly maxFreePerSize = 64) {}

  /** A buffer of exactly `bytes`, recycled when one is free; its old contents are not cleared. */
  take(bytes: number): ArrayBuffer {
    return this.free.get(bytes)?.pop() ?? new ArrayBuffer(bytes);
  }

  /** Returns a buffer for reuse. A detached one (transferred away meanwhile) is ignored. */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0) return;
    let list = this.free.get(buffer.byteLength);
    if (!list) this.free.set(buffer.byteLength, (list = []));
    if (list.length < this.maxFreePerSize && !list.includes(buffer)) list.push(buffer);
  }

  /** Buffers parked for reuse (tests, metrics). */
  get parked(): number {
    let n = 0;
    for (const list of this.free.values()) n += list.length;
    return n;
  }
}

/** The agent's one shared set: every camera's frames have the model's size, so all share it. */
export const frameBuffers = new FrameBuffers();

/** The whole ArrayBuffer behind `data` when `data` spans all of it (so it may be transferred or reused). */
export function ownedBuffer(data: Uint8Array): ArrayBuffer | undefined {
  const { buffer } = data;
  return buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === buffer.byteLength ? buffer : undefined;
}
