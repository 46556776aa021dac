import { frameBuffers, type FrameBuffers } from './frame-buffers.js';

/**
 * Cuts ffmpeg's raw byte stream into whole frames. Pipe chunks (64 KiB) never line up with frame
 * boundaries; each frame gets its own buffer (recycled, see FrameBuffers) so the consumer may keep it.
 */
export class FrameAssembler {
  private current: Buffer | undefined;
  private filled = 0;

  constructor(
    readonly frameBytes: number,
    private readonly buffers: FrameBuffers = frameBuffers,
  ) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError(`frameBytes must be a positive integer, got ${frameBytes}`);
  }

  push(chunk: Uint8Array, emit: (frame: Buffer) => void): void {
    let at = 0;
    while (at < chunk.length) {
      // A recycled buffer's old bytes are all overwritten before the frame is emitted.
      this.current ??= Buffer.from(this.buffers.take(this.frameBytes));
      const n = Math.min(this.frameBytes - this.filled, chunk.length - at);
      this.current.set(chunk.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === this.frameBytes) {
        const frame = this.current;
        this.current = undefined;
        this.filled = 0;
        emit(frame);
      }
    }
  }

  /** Bytes of an unfinished frame (left over when ffmpeg dies mid-frame). */
  get pendingBytes(): number {
    return this.filled;
  }
}
