import { spawnFfmpeg, type FfmpegExit, type FfmpegProcess } from '../ffmpeg/ffmpeg-process.js';
import { InputInfoParser, type InputVideoInfo } from '../ffmpeg/ffmpeg-stderr.js';
import { FramePipe } from './frame-pipe.js';

export interface IngestRunOptions {
  frameBytes: number;
  secrets: readonly string[];
  env?: NodeJS.ProcessEnv;
  binary?: string;
  onFrame(data: Buffer, input: InputVideoInfo): void;
  onStderrLine?(line: string): void;
}

/**
 * One ffmpeg process of a camera, from spawn to exit: whole frames out of its stdout (a FramePipe,
 * read straight into recycled frame buffers), the input's size out of its stderr. A frame that
 * arrives before ffmpeg's stream description (the two outputs race) is held until the size is
 * known, because a frame without its letterbox is useless.
 */
export class IngestRun {
  readonly input = new InputInfoParser();
  framesOut = 0;
  private held: Buffer | undefined;
  /** ffmpeg has exited: what it wrote is read to the end, whatever the consumer's pressure says. */
  private draining = false;
  readonly process: FfmpegProcess;
  /** ffmpeg's exit, once the frames it wrote before exiting have been read too. */
  readonly exited: Promise<FfmpegExit>;

  /** Opens the frame pipe, then spawns ffmpeg with `args()` (built only now, so they are current). */
  static async start(options: IngestRunOptions, args: () => readonly string[]): Promise<IngestRun> {
    const frames: { to?: IngestRun } = {};
    const pipe = await FramePipe.open({ frameBytes: options.frameBytes, onFrame: (frame) => frames.to?.deliver(frame) });
    try {
      frames.to = new IngestRun(options, pipe, args());
    } catch (error) {
      // spawn() itself threw (ENOEXEC, ETXTBSY while ffmpeg is upgraded, out of descriptors):
      // the camera is retried, so nothing of this attempt may stay open.
      pipe.close();
      throw error;
    }
    return frames.to;
  }

  private constructor(
    private readonly options: IngestRunOptions,
    private readonly pipe: FramePipe,
    args: readonly string[],
  ) {
    this.process = spawnFfmpeg(args, {
      secrets: options.secrets,
      stdout: pipe.childEnd,
      onStopping: () => this.pipe.resume(),
      ...(options.env ? { env: options.env } : {}),
      ...(options.binary ? { binary: options.binary } : {}),
      onStderrLine: (line) => {
        this.input.push(line);
        options.onStderrLine?.(line);
        if (this.held && this.input.info) this.deliver(this.held);
      },
    });
    pipe.handedOver();
    this.exited = this.process.exited.then(async (exit) => {
      // The last frames may still sit in the socket: read them (a paused reader, too) to its end.
      this.draining = true;
      pipe.resume();
      await pipe.ended;
      pipe.close();
      return exit;
    });
  }

  pause(): void {
    if (!this.draining) this.pipe.pause();
  }

  resume(): void {
    this.pipe.resume();
  }

  private deliver(frame: Buffer): void {
    const info = this.input.info;
    if (!info) {
      this.held = frame;
      return;
    }
    this.held = undefined;
    this.framesOut++;
    this.options.onFrame(frame, info);
  }
}
