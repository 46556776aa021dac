import type { RecordHealth, RecordState } from '@wardwatch/contracts';
import { backoffDelayMs } from '../retry/backoff.js';
import { ffmpegExitError, type StreamError } from '../ffmpeg/ffmpeg-error.js';
import { spawnFfmpeg, type FfmpegProcess } from '../ffmpeg/ffmpeg-process.js';
import { buildRecordArgs, type StreamInput } from '../ffmpeg/ingest-args.js';
import type { Logger } from '../log/logger.js';
import { sleep, systemClock, type Clock } from './clock.js';
import type { SegmentCache } from './segment-cache.js';

export interface RecorderWatchdog {
  /** No segment written for max(this, 3 segments) means the record stream stalled. */
  noFrameSeconds: number;
  backoffInitialSeconds: number;
  backoffMaxSeconds: number;
}

export interface SegmentRecorderOptions {
  cameraId: string;
  input: StreamInput;
  cache: SegmentCache;
  segmentSeconds: number;
  /** Record the camera's sound too (evidence.audio); video only otherwise. */
  audio?: boolean;
  watchdog: RecorderWatchdog;
  /** Scrubbed from every reason shown (on top of URL logins). */
  secrets: readonly string[];
  logger: Logger;
  onState?: (state: RecordState) => void;
  clock?: Clock;
  random?: () => number;
  ffmpegBinary?: string;
}

const BACKOFF_JITTER = 0.2;
const TICK_MS = 500;
/** RTSP setup and probing come before the first segment; a run is not called stalled sooner. */
const FIRST_SEGMENT_GRACE_MS = 10_000;
/** The cache is scanned and pruned this often (a directory listing, not per packet). */
const PRUNE_EVERY_MS = 2_000;

/**
 * A camera's evidence recording: its own supervised ffmpeg copying the record stream into the
 * segment cache, retried forever with backoff. It fails on its own: a stream that cannot be copied
 * (timestamps the muxer refuses, a main stream that is down) shows as `record: failing (<reason>)`
 * while detection, in another process, goes on; its cases then carry the evidence that exists.
 */
export class SegmentRecorder {
  private readonly clock: Clock;
  private readonly log: Logger;
  private state: RecordState = 'stopped';
  private lastError: string | undefined;
  private process: FfmpegProcess | undefined;
  private stopReason: StreamError | 'restart' | undefined;
  private supervising: Promise<void> | undefined;
  private stopping = false;
  private wake = new AbortController();
  private restarts = 0;

  constructor(private readonly options: SegmentRecorderOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.logger.child({ camera: options.cameraId, stream: 'record' });
  }

  start(): void {
    if (this.supervising || this.stopping) return;
    this.setState('starting');
    this.supervising = this.supervise();
  }

  /** A new ffmpeg now, without backoff (the camera's stream settings changed). */
  restart(): void {
    if (this.process) {
      this.stopReason = 'restart';
      void this.process.stop();
    } else this.wake.abort();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.abort();
    await this.process?.stop();
    await this.supervising;
    this.setState('stopped');
  }

  status(): RecordHealth {
    return { state: this.state, ...(this.lastError !== undefined && this.state !== 'up' ? { lastError: this.lastError } : {}), restarts: this.restarts };
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  private async supervise(): Promise<void> {
    const { watchdog } = this.options;
    const policy = { initialMs: watchdog.backoffInitialSeconds * 1_000, maxMs: watchdog.backoffMaxSeconds * 1_000, jitter: BACKOFF_JITTER };
    let attempt = 0;
    await this.options.cache.ensureDir();
    while (!this.stopping) {
      const outcome = await this.runOnce();
      if (this.stopping) break;
      if (outcome.wrote) attempt = 0;
      let delayMs = 0;
      if (outcome.error) {
        delayMs = backoffDelayMs(attempt++, policy, this.options.random);
        this.lastError = outcome.error.message;
        this.setState('failing');
        this.log.warn({ event: 'record_failing', reason: outcome.error.message, kind: outcome.error.kind, retryInMs: delayMs }, `record: failing (${outcome.error.message}); detection goes on, recording is retried`);
      } else this.setState('starting');
      this.wake = new AbortController();
      await sleep(delayMs, this.wake.signal);
      if (this.stopping) break;
      this.restarts++;
    }
  }

  private async runOnce(): Promise<{ error?: StreamError; wrote: boolean }> {
    const { cache, input, segmentSeconds, watchdog } = this.options;
    this.stopReason = undefined;
    const startedAt = this.clock.now();
    const args = buildRecordArgs({ input, ioTimeoutSeconds: watchdog.noFrameSeconds, audio: this.options.audio === true, segments: { dir: cache.dir, segmentSeconds, runTag: startedAt.toString(36) } });
    let process: FfmpegProcess;
    try {
      // Segment names are strftime'd by ffmpeg: UTC keeps them unambiguous across DST and hosts.
      process = spawnFfmpeg(args, { secrets: this.options.secrets, env: { ...globalThis.process.env, TZ: 'UTC' }, ...(this.options.ffmpegBinary ? { binary: this.options.ffmpegBinary } : {}) });
    } catch (error) {
      return { error: { kind: 'unknown', message: `cannot start ffmpeg: ${(error as Error).message}` }, wrote: false };
    }
    this.process = process;
    // The lifeline output (see buildRecordArgs): read and dropped, so ffmpeg never blocks on it.
    process.stdout?.resume();
    if (this.stopping) void process.stop();
    const stallMs = Math.max(watchdog.noFrameSeconds * 1_000, 3 * segmentSeconds * 1_000);
    let wrote = false;
    let lastPrune = 0;
    const tick = setInterval(() => {
      const now = this.clock.now();
      if (now - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = now;
        cache.prune().catch((error: unknown) => this.log.warn({ err: error }, 'segment cache prune failed'));
      }
      const newest = cache.newestWriteMs;
      if (newest !== undefined && newest > startedAt) {
        wrote = true;
        if (this.state !== 'up') {
          this.log.info({ event: 'record_up' }, 'recording');
          this.setState('up');
        }
      }
      const since = wrote ? newest! : startedAt;
      const limit = wrote ? stallMs : Math.max(stallMs, FIRST_SEGMENT_GRACE_MS);
      if (now - since > limit && this.stopReason === undefined) {
        this.stopReason = { kind: 'timeout', message: `timeout: no record-stream data for ${Math.round(limit / 1_000)} s` };
        void process.stop();
      }
    }, TICK_MS);
    const exit = await process.exited;
    clearInterval(tick);
    this.process = undefined;
    await cache.prune().catch((error: unknown) => this.log.warn({ err: error }, 'segment cache prune failed'));
    wrote ||= (cache.newestWriteMs ?? 0) > startedAt;
    if (this.stopping || this.stopReason === 'restart') return { wrote };
    if (this.stopReason) return { error: this.stopReason, wrote };
    return { error: ffmpegExitError(exit, process.stderrTail(), { url: input.url, secrets: this.options.secrets }), wrote };
  }

  private setState(state: RecordState): void {
    this.state = state;
    this.options.onState?.(state);
  }
}
