import { spawnFfmpeg, type FfmpegExit, type FfmpegProcess } from '../ffmpeg/ffmpeg-process.js';
import { InputInfoParser, type InputVideoInfo } from '../ffmpeg/ffmpeg-stderr.js';
import { FrameAssembler } from './frame-assembler.js';

export interface IngestRunOptions {
  args: readonly string[];
  frameBytes: number;
  secrets: readonly string[];
  env?: NodeJS.ProcessEnv;
  binary?: string;
  onFrame(data: Buffer, input: InputVideoInfo): void;
  onStderrLine?(line: string): void;
}

/**
 * One ffmpeg process of a camera, from spawn to exit: whole frames out of its stdout, the input's
 * size out of its stderr. A frame that arrives before ffmpeg's stream description (the two pipes
 * race) is held until the size is known, because a frame without its letterbox is useless.
 */
export class IngestRun {
  readonly process: FfmpegProcess;
  readonly input = new InputInfoParser();
  framesOut = 0;
  private held: Buffer | undefined;

  constructor(private readonly options: IngestRunOptions) {
    this.process = spawnFfmpeg(options.args, {
      secrets: options.secrets,
      ...(options.env ? { env: options.env } : {}),
      ...(options.binary ? { binary: options.binary } : {}),
      onStderrLine: (line) => {
        this.input.push(line);
        options.onStderrLine?.(line);
        if (this.held && this.input.info) this.deliver(this.held);
      },
    });
    const assembler = new FrameAssembler(options.frameBytes);
    this.process.stdout.on('data', (chunk: Buffer) => assembler.push(chunk, (frame) => this.deliver(frame)));
  }

  get exited(): Promise<FfmpegExit> {
    return this.process.exited;
  }

  pause(): void {
    this.process.stdout.pause();
  }

  resume(): void {
    this.process.stdout.resume();
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
