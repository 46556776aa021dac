import type { CameraHealth, CameraState } from '@wardwatch/contracts';
import { urlSecrets } from '../config/redact.js';
import { ffmpegExitError, StreamFailure, type StreamError } from '../ffmpeg/ffmpeg-error.js';
import { buildIngestArgs, isNetworkUrl, type PixelFormat, type StreamInput } from '../ffmpeg/ingest-args.js';
import type { InputVideoInfo } from '../ffmpeg/ffmpeg-stderr.js';
import type { Logger } from '../log/logger.js';
import type { CameraIngestMetrics } from '../metrics/ingest-metrics.js';
import { backoffDelayMs } from '../retry/backoff.js';
import { sleep, systemClock, type Clock } from './clock.js';
import { FpsMeter } from './fps-meter.js';
import { FrameChannel, type FramePolicy } from './frame-channel.js';
import type { Frame, FrameSource, Letterbox } from './frame.js';
import { IngestRun } from './ingest-run.js';
import { computeLetterbox, letterboxHolds, measureLetterbox } from './letterbox.js';
import type { SegmentCache } from './segment-cache.js';
import { SegmentRecorder } from './segment-recorder.js';

export interface WatchdogSettings {
  noFrameSeconds: number;
  backoffInitialSeconds: number;
  backoffMaxSeconds: number;
}

export interface CameraIngestOptions {
  cameraId: string;
  name: string;
  input: StreamInput;
  /** The evidence stream when it is not the detect stream. */
  recordInput?: StreamInput;
  fps: number;
  frameSize: { width: number; height: number };
  pixelFormat?: PixelFormat;
  watchdog: WatchdogSettings;
  /** The segment cache to record into; `audio` keeps the camera's sound (evidence.audio). */
  segments?: { cache: SegmentCache; segmentSeconds: number; audio?: boolean };
  /** `latest` (live: newest frame wins) or `every` (analysis: backpressure, nothing dropped). */
  frames?: FramePolicy;
  /** `wall`: clock time at arrival (live); `media`: seq / fps from 0 (files). */
  timestamps?: 'wall' | 'media';
  /** End the source when the input ends (a file), instead of restarting it like a camera. */
  endAtEof?: boolean;
  metrics: CameraIngestMetrics;
  logger: Logger;
  clock?: Clock;
  random?: () => number;
  ffmpegBinary?: string;
}

interface RunOutcome {
  error: StreamError;
  ended: boolean;
  forced: boolean;
  hadFrames: boolean;
}

/**
 * Frames in a row whose picture is not where the letterbox says before it is measured again from
 * the frame: one odd frame is not a new camera setting.
 */
const RESHAPED_FRAMES = 3;
/** Spread of the random part of a retry delay; see backoffDelayMs. */
const BACKOFF_JITTER = 0.2;
/** How often the watchdog looks at a camera; a tenth of the shortest allowed no-frame limit would be needlessly busy. */
const WATCHDOG_TICK_MS = 500;
/**
 * The first frame may take longer than later ones: RTSP setup, stream probing (about 2 s per
 * input), and with a separate record stream two inputs in turn. A run is not called dead before
 * this much time, even when `noFrameSeconds` is shorter.
 */
const FIRST_FRAME_GRACE_MS = 10_000;

/**
 * One camera: a supervised ffmpeg that yields letterboxed frames, and beside it (with `segments`)
 * a SegmentRecorder, its own ffmpeg, that copies the record stream into segments. A watchdog
 * restarts the detect ffmpeg when no frame came for `noFrameSeconds`; failures are retried
 * forever with exponential backoff and jitter, and the state (`starting`, `up`, `down`,
 * `stopped`) with the last specific error, and the recording's own state, are what /status and
 * the heartbeat show. Either may fail without taking the other down.
 */
export class CameraIngest implements FrameSource {
  readonly cameraId: string;
  private readonly channel: FrameChannel<Frame>;
  private readonly clock: Clock;
  private readonly fpsMeter = new FpsMeter();
  private readonly secrets: string[];
  private readonly log: Logger;
  private name: string;
  private state: CameraState = 'stopped';
  private lastError: string | undefined;
  private lastFrameAt: number | undefined;
  private restarts = 0;
  private seq = 0;
  private run: IngestRun | undefined;
  private runStop: { reason?: StreamError; forced: boolean } = { forced: false };
  private supervising: Promise<void> | undefined;
  private stopping = false;
  /** An ffmpeg is being started (its frame pipe opens first); a restart asked meanwhile waits here. */
  private starting = false;
  private restartPending = false;
  private wake = new AbortController();
  private readonly recorder: SegmentRecorder | undefined;
  /** Where the picture is in this run's frames: from ffmpeg's input size, then from the frames when it changes shape. */
  private letterbox: Letterbox | undefined;
  /** Frames in a row that did not fit it. */
  private misshapen = 0;

  constructor(private readonly options: CameraIngestOptions) {
    this.cameraId = options.cameraId;
    this.name = options.name;
    this.clock = options.clock ?? systemClock;
    this.log = options.logger.child({ camera: options.cameraId });
    this.secrets = [...urlSecrets(options.input.url), ...(options.recordInput ? urlSecrets(options.recordInput.url) : [])];
    this.channel = new FrameChannel<Frame>({
      mode: options.frames ?? 'latest',
      onSkip: (reason) => options.metrics.frameSkipped(reason),
      onPressure: (paused) => (paused ? this.run?.pause() : this.run?.resume()),
    });
    const segments = options.segments;
    this.recorder = segments && new SegmentRecorder({
      cameraId: options.cameraId,
      input: options.recordInput ?? options.input,
      cache: segments.cache,
      segmentSeconds: segments.segmentSeconds,
      ...(segments.audio ? { audio: true } : {}),
      watchdog: options.watchdog,
      secrets: this.secrets,
      logger: options.logger,
      onState: (state) => options.metrics.setRecordUp(state === 'up'),
      clock: this.clock,
      ...(options.random ? { random: options.random } : {}),
      ...(options.ffmpegBinary ? { ffmpegBinary: options.ffmpegBinary } : {}),
    });
  }

  /** Starts supervising (idempotent). `frames()` starts it too. */
  start(): void {
    if (this.supervising || this.stopping) return;
    this.setState('starting');
    this.recorder?.start();
    this.supervising = this.supervise();
  }

  frames(): AsyncIterable<Frame> {
    this.start();
    return { [Symbol.asyncIterator]: () => this.channel[Symbol.asyncIterator]() };
  }

  /** The display name changed (an edit in the console): ffmpeg does not care, /status does. */
  rename(name: string): void {
    this.name = name;
  }

  /** Restarts both ffmpegs now (no backoff), e.g. after a config change; counted as a restart. */
  restart(): void {
    this.recorder?.restart();
    if (this.run) {
      this.runStop = { forced: true };
      void this.run.process.stop();
    } else if (this.starting) this.restartPending = true;
    else this.wake.abort();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.abort();
    await Promise.all([this.run?.process.stop(), this.recorder?.stop()]);
    await this.supervising;
    this.channel.close();
    this.setState('stopped');
  }

  /** The shape of the heartbeat's `cameraHealth` and of /status. */
  status(): CameraHealth {
    const now = this.clock.now();
    return {
      id: this.cameraId,
      name: this.name,
      state: this.state,
      fps: Math.round(this.fpsMeter.fps(now) * 100) / 100,
      ...(this.lastFrameAt !== undefined ? { lastFrameAt: new Date(this.lastFrameAt).toISOString() } : {}),
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
      restarts: this.restarts,
      ...(this.recorder ? { record: this.recorder.status() } : {}),
    };
  }

  /** The running detect ffmpeg's pid (tests count children). */
  get ffmpegPid(): number | undefined {
    return this.run?.process.pid;
  }

  /** The running record ffmpeg's pid. */
  get recordPid(): number | undefined {
    return this.recorder?.pid;
  }

  get segmentCache(): SegmentCache | undefined {
    return this.options.segments?.cache;
  }

  get recording(): SegmentCache | undefined {
    return this.segmentCache;
  }

  private async supervise(): Promise<void> {
    let attempt = 0;
    const { watchdog } = this.options;
    const policy = { initialMs: watchdog.backoffInitialSeconds * 1_000, maxMs: watchdog.backoffMaxSeconds * 1_000, jitter: BACKOFF_JITTER };
    while (!this.stopping) {
      const outcome = await this.runOnce();
      if (this.stopping) break;
      if (outcome.ended) {
        this.channel.close();
        break;
      }
      if (this.options.endAtEof && !outcome.forced) {
        this.lastError = outcome.error.message;
        this.log.error({ reason: outcome.error.message, kind: outcome.error.kind }, 'input failed');
        this.channel.close(StreamFailure.from(outcome.error));
        break;
      }
      if (outcome.hadFrames) attempt = 0;
      const delayMs = outcome.forced ? 0 : backoffDelayMs(attempt++, policy, this.options.random);
      if (outcome.forced) {
        this.setState('starting');
        this.log.info('forced restart of ffmpeg');
      } else {
        this.lastError = outcome.error.message;
        this.setState('down');
        this.log.warn({ reason: outcome.error.message, kind: outcome.error.kind, retryInMs: delayMs, restarts: this.restarts }, 'camera down; ffmpeg will be restarted');
      }
      this.wake = new AbortController();
      await sleep(delayMs, this.wake.signal);
      if (this.stopping) break;
      this.restarts++;
      this.options.metrics.restarted();
    }
    this.setState('stopped');
  }

  private async runOnce(): Promise<RunOutcome> {
    const { options } = this;
    const { width, height } = options.frameSize;
    // Planar: the detector turns it into its tensor with three plane copies (see preprocess.ts).
    const pixelFormat = options.pixelFormat ?? 'gbrp';
    this.runStop = { forced: false };
    this.letterbox = undefined;
    this.misshapen = 0;
    let run: IngestRun;
    this.starting = true;
    this.restartPending = false;
    try {
      run = await IngestRun.start(
        {
          frameBytes: width * height * 3,
          secrets: this.secrets,
          ...(options.ffmpegBinary ? { binary: options.ffmpegBinary } : {}),
          onFrame: (data, input) => this.onFrame(data, input, pixelFormat),
        },
        () =>
          buildIngestArgs({
            input: options.input,
            ioTimeoutSeconds: options.watchdog.noFrameSeconds,
            frames: { width, height, fps: options.fps, pixelFormat },
          }),
      );
    } catch (error) {
      // No frame pipe (no temporary folder, out of descriptors) or spawn itself threw: retried like a failed ffmpeg.
      return { error: { kind: 'unknown', message: `cannot start ffmpeg: ${(error as Error).message}` }, ended: false, forced: false, hadFrames: false };
    } finally {
      this.starting = false;
    }
    // A stop or restart that came while the frame pipe opened found no ffmpeg to stop.
    if (this.stopping) void run.process.stop();
    else if (this.restartPending) {
      this.runStop = { forced: true };
      void run.process.stop();
    }
    this.run = run;
    if (this.channel.isPaused) run.pause();
    const startedAt = this.clock.now();
    let lastProgress = startedAt;
    let framesSeen = 0;
    const noFrameMs = options.watchdog.noFrameSeconds * 1_000;
    const tick = setInterval(() => {
      const now = this.clock.now();
      options.metrics.setFps(this.fpsMeter.fps(now));
      // A paused pipe is our own doing (the consumer is slow), not a dead camera.
      if (run.framesOut !== framesSeen || this.channel.isPaused) {
        framesSeen = run.framesOut;
        lastProgress = now;
      } else if (now - lastProgress > (framesSeen === 0 ? Math.max(noFrameMs, FIRST_FRAME_GRACE_MS) : noFrameMs) && !this.runStop.reason) {
        this.runStop = { forced: false, reason: { kind: 'timeout', message: `timeout: no frame for ${options.watchdog.noFrameSeconds} s` } };
        void run.process.stop();
      }
    }, WATCHDOG_TICK_MS);
    const exit = await run.exited;
    clearInterval(tick);
    this.run = undefined;
    const hadFrames = run.framesOut > 0;
    if (this.runStop.forced) return { error: { kind: 'unknown', message: 'forced restart' }, ended: false, forced: true, hadFrames };
    if (this.runStop.reason) return { error: this.runStop.reason, ended: false, forced: false, hadFrames };
    const error = ffmpegExitError(exit, run.process.stderrTail(), { url: options.input.url, secrets: this.secrets });
    const ended = error.kind === 'stream_ended' && !isNetworkUrl(options.input.url) && options.endAtEof === true;
    return { error, ended, forced: false, hadFrames };
  }

  private onFrame(data: Buffer, input: InputVideoInfo, pixelFormat: PixelFormat): void {
    const now = this.clock.now();
    this.lastFrameAt = now;
    this.fpsMeter.tick(now);
    this.options.metrics.frameDecoded();
    if (this.state !== 'up') {
      this.log.info({ restarts: this.restarts, source: `${input.codec} ${input.width}x${input.height}` }, 'camera up');
      this.setState('up');
    }
    const { width, height } = this.options.frameSize;
    let letterbox = (this.letterbox ??= computeLetterbox(input.width, input.height, width, height));
    const raw = { data, width, height, pixelFormat };
    if (!letterboxHolds(raw, letterbox)) {
      // The picture is not where boxes would be mapped from: the frame is dropped, and after a few the shape is read off the frame.
      const measured = ++this.misshapen >= RESHAPED_FRAMES ? measureLetterbox(raw, letterbox) : undefined;
      if (!measured) return;
      const aspect = (box: Letterbox) => (box.contentWidth / box.contentHeight).toFixed(2);
      this.log.warn({ event: 'picture_reshaped', was: aspect(letterbox), now: aspect(measured) }, `the camera's picture changed shape (width/height ${aspect(letterbox)} -> ${aspect(measured)}); detection follows the new picture`);
      this.letterbox = letterbox = measured;
    }
    this.misshapen = 0;
    const seq = this.seq++;
    this.channel.push({
      cameraId: this.cameraId,
      seq,
      timestampMs: (this.options.timestamps ?? 'wall') === 'media' ? Math.round((seq * 1_000) / this.options.fps) : now,
      width,
      height,
      pixelFormat,
      data,
      letterbox,
    });
  }

  private setState(state: CameraState): void {
    this.state = state;
    this.options.metrics.setUp(state === 'up');
    if (state !== 'up') this.options.metrics.setFps(0);
  }
}
