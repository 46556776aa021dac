import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frameBuffers, type FrameBuffers } from './frame-buffers.js';

export interface FramePipeOptions {
  frameBytes: number;
  /** A whole frame, in a buffer of its own (recycled through `buffers`) that the consumer may keep. */
  onFrame: (frame: Buffer) => void;
  buffers?: FrameBuffers;
}

/**
 * Where ffmpeg writes its raw frames: one end of a connected pair of Unix stream sockets, given to
 * ffmpeg as its stdout (`childEnd`), while this process reads the other end straight into frame
 * buffers (net's `onread`). Reading a child's stdout pipe instead hands over a fresh 64 KiB Buffer
 * per read, to be copied into the frame and collected: at 80 frames/s that is 40 MB/s of garbage
 * and a major collection every half second. A socket also holds more than a pipe's 64 KiB, so
 * ffmpeg blocks, and this process wakes, fewer times per frame.
 */
export class FramePipe {
  private current: Buffer | undefined;
  private filled = 0;
  private readonly reader: net.Socket;
  private end: net.Socket | undefined;
  private readonly buffers: FrameBuffers;
  /** Resolves when the reading end is closed: every writer's copy closed and all that was written read, or `close()`. */
  readonly ended: Promise<void>;

  private constructor(
    path: string,
    private readonly options: FramePipeOptions,
  ) {
    this.buffers = options.buffers ?? frameBuffers;
    // net asks for the buffer as soon as the socket exists, and before every read after that.
    this.reader = net.connect({ path, onread: { buffer: () => this.target(), callback: (bytes: number) => this.received(bytes) } });
    this.ended = new Promise((resolve) => this.reader.once('close', () => resolve()));
  }

  static async open(options: FramePipeOptions): Promise<FramePipe> {
    if (!Number.isInteger(options.frameBytes) || options.frameBytes <= 0) throw new RangeError(`frameBytes must be a positive integer, got ${options.frameBytes}`);
    // The socket's name lives in a folder of its own that only this user can enter (mkdtemp makes
    // it 0700), only until the pair is connected: nothing is left in /tmp to clean or to lose.
    const dir = mkdtempSync(join(tmpdir(), 'wardwatch-frames-'));
    const path = join(dir, 'frames.sock');
    const server = net.createServer({ pauseOnConnect: true });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(path, resolve);
      });
      const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
      const pipe = new FramePipe(path, options);
      await new Promise<void>((resolve, reject) => {
        pipe.reader.once('connect', resolve);
        pipe.reader.once('error', reject);
      });
      // After the child exits the reader sees its end; errors say nothing the exit status does not.
      pipe.reader.on('error', () => undefined);
      pipe.end = await accepted;
      pipe.end.on('error', () => undefined);
      return pipe;
    } finally {
      // The connected pair lives on without the name.
      if (server.listening) server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Pass as the child's stdout (`stdio[1]`), then call `handedOver()`. */
  get childEnd(): net.Socket {
    if (!this.end) throw new Error('FramePipe is not open');
    return this.end;
  }

  /** The child has its own copy of `childEnd` now (or never started): this process's copy goes. */
  handedOver(): void {
    this.end?.destroy();
  }

  /** Stops reading: ffmpeg blocks once the socket is full (backpressure from a slow consumer). */
  pause(): void {
    this.reader.pause();
  }

  resume(): void {
    this.reader.resume();
  }

  /** Closes both ends; an unfinished frame's buffer goes back for reuse. */
  close(): void {
    this.end?.destroy();
    this.reader.destroy();
    if (this.current) this.buffers.give(this.current.buffer as ArrayBuffer);
    this.current = undefined;
    this.filled = 0;
  }

  /** Bytes of an unfinished frame (left over when ffmpeg dies mid-frame). */
  get pendingBytes(): number {
    return this.filled;
  }

  /** Where the next read lands: the rest of the current frame, so a read never crosses a frame's end. */
  private target(): Buffer {
    // A recycled buffer's old bytes are all overwritten before the frame is handed on.
    this.current ??= Buffer.from(this.buffers.take(this.options.frameBytes));
    return this.current.subarray(this.filled);
  }

  private received(bytes: number): true {
    this.filled += bytes;
    if (this.filled < this.options.frameBytes || !this.current) return true;
    const frame = this.current;
    this.current = undefined;
    this.filled = 0;
    this.options.onFrame(frame);
    return true;
  }
}
