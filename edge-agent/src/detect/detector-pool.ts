import type { Worker } from 'node:worker_threads';
import { backoffDelayMs, type BackoffPolicy } from '../retry/backoff.js';
import type { Frame } from '../ingest/frame.js';
import { frameBuffers, ownedBuffer, type FrameBuffers } from '../ingest/frame-buffers.js';
import type { DetectMetrics } from '../metrics/detect-metrics.js';
import type { ModelManifest } from '../models/model-manifest.js';
import type { FrameDetections } from './detection.js';
import type { DetectionSettings } from './detector.js';
import { FairScheduler } from './fair-scheduler.js';
import { MotionGate, type MotionGateOptions } from './motion-gate.js';
import { ResultOrder } from './result-order.js';
import { RateMeter } from './rate-meter.js';
import { AbandonedThreads, WorkerClient } from './worker-client.js';
import type { CropRect } from './zone-crop.js';

export interface DetectorPoolOptions {
  manifest: ModelManifest;
  /** Hash-verified by fetchModel before the pool starts. */
  modelPath: string;
  settings: DetectionSettings;
  /** Sessions, one worker thread each; one per core by default. */
  workers: number;
  intraOpThreads?: number;
  metrics?: DetectMetrics;
  /** Milliseconds; used for detection_fps only. */
  now?: () => number;
  onError?: (error: Error, cameraId?: string) => void;
  /** Where frames the pool is done with go back for reuse (default: the agent's shared set). */
  buffers?: FrameBuffers;
  /** A frame without a result after this long fails and its worker is replaced (default 30 s). */
  inferenceTimeoutMs?: number;
  /** A worker that has not loaded the model after this long is given up and started again (default 2 min). */
  initTimeoutMs?: number;
  /** Retry delays for starting a replacement worker; it is retried until it starts or the pool closes. */
  restartBackoff?: BackoffPolicy;
  /** Makes a worker thread (tests stand in their own). */
  createWorker?: () => Worker;
  /** A terminated worker thread still running after this long is stuck in native code (default 10 s). */
  stuckAfterMs?: number;
  /** This many stuck threads at once is fatal (default 2): see `onFatal`. */
  maxStuckThreads?: number;
  /**
   * Called once when `maxStuckThreads` threads are stuck inside onnxruntime at the same time.
   * They cannot be stopped from inside the process, each holds its memory (and a core, if it
   * spins), and a hang that repeats would pile them up: only a new process frees them, so the
   * agent stops and its supervisor starts it again.
   */
  onFatal?: (error: Error) => void;
}

const defaultRestartBackoff: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, jitter: 0.2 };
const DEFAULT_STUCK_AFTER_MS = 10_000;
const DEFAULT_MAX_STUCK_THREADS = 2;

export interface PoolCamera {
  motion: MotionGateOptions;
  /** Region ingest cropped before letterboxing (camera.crop: zones); boxes are mapped back through it. */
  crop?: CropRect | undefined;
}

export interface CameraStats {
  submitted: number;
  inferred: number;
  gated: number;
  dropped: number;
  failed: number;
}

interface Job {
  frame: Frame;
  crop: CropRect | undefined;
  /** Hand the pixels back with the result instead of reusing them (submit's keepPixels). */
  keepPixels: boolean;
}

/** What the pool keeps of each camera it serves. */
interface CameraEntry {
  gate: MotionGate;
  crop: CropRect | undefined;
  stats: CameraStats;
  fps: RateMeter;
}

/*
 * One running and one waiting frame per worker: the worker starts its next frame the moment a
 * run ends. More would only hold older frames back from the newest-wins slots.
 */
const framesPerWorker = 2;

const gateOff: MotionGateOptions = { enabled: false, threshold: 1, forceDetectSeconds: 1 };

/**
 * N onnxruntime sessions in worker threads, fed fairly from every camera. Each camera's frames
 * pass its motion gate; frames that need the detector wait in the camera's short queue (two
 * frames: a third drops the oldest, see FairScheduler), and results come out in each camera's
 * frame order.
 */
export class DetectorPool {
  private readonly scheduler = new FairScheduler<Job>();
  private readonly order = new ResultOrder();
  private readonly cameras = new Map<string, CameraEntry>();
  private readonly listeners = new Set<(result: FrameDetections) => void>();
  private idleWaiters: (() => void)[] = [];
  private nextId = 1;
  private closed = false;
  private fatal = false;
  private readonly now: () => number;
  private readonly buffers: FrameBuffers;

  private constructor(
    private readonly options: DetectorPoolOptions,
    private readonly workers: WorkerClient[],
    private readonly abandoned: AbandonedThreads,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.buffers = options.buffers ?? frameBuffers;
    workers.forEach((worker, index) => this.watch(worker, index));
    abandoned.onChange = (stuck) => this.stuckChanged(stuck);
  }

  /** Starts every worker and waits until each has loaded and checked the model; any failure stops them all. */
  static async start(options: DetectorPoolOptions): Promise<DetectorPool> {
    const abandoned = new AbandonedThreads(options.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS);
    const started = await Promise.allSettled(Array.from({ length: Math.max(1, options.workers) }, () => startWorker(options, abandoned)));
    const failure = started.find((s) => s.status === 'rejected');
    if (failure) {
      await Promise.all(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.close()] : [])));
      throw failure.reason;
    }
    return new DetectorPool(
      options,
      started.map((s) => (s as PromiseFulfilledResult<WorkerClient>).value),
      abandoned,
    );
  }

  /** Worker threads terminated but still inside a native call. */
  get stuckThreads(): number {
    return this.abandoned.stuck;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Kernel ids of the worker threads (Linux; empty elsewhere), so CPU can be split between detection and the rest. */
  get threadIds(): number[] {
    return this.workers.flatMap((w) => (w.osThreadId === undefined ? [] : [w.osThreadId]));
  }

  subscribe(listener: (result: FrameDetections) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addCamera(cameraId: string, camera: PoolCamera): void {
    this.cameras.set(cameraId, {
      gate: gateFor(cameraId, camera.motion),
      crop: camera.crop,
      stats: { submitted: 0, inferred: 0, gated: 0, dropped: 0, failed: 0 },
      fps: new RateMeter(),
    });
  }

  /**
   * New motion or crop settings for a camera that keeps streaming: frames already queued finish
   * as they were, its counters and ordering carry on; the motion gate starts from the next
   * frame. An unknown camera is added.
   */
  updateCamera(cameraId: string, camera: PoolCamera): void {
    const state = this.cameras.get(cameraId);
    if (!state) return this.addCamera(cameraId, camera);
    state.gate = gateFor(cameraId, camera.motion);
    state.crop = camera.crop;
  }

  removeCamera(cameraId: string): void {
    for (const job of this.scheduler.remove(cameraId)) {
      this.order.cancel(cameraId, job.frame.seq);
      this.recycle(job.frame);
    }
    this.order.forget(cameraId);
    this.cameras.delete(cameraId);
  }

  /**
   * Hands a frame to the detector. The pool owns `frame.data` from here on: its buffer is
   * transferred to a worker thread. Never blocks; a camera that outpaces the detector loses its
   * older waiting frame. With `keepPixels` the frame's pixels come back with its result
   * (FrameDetections.pixels, back from the worker or held while a gated frame waits its turn),
   * for a subscriber that may need the frame the result was decided on; without, the pool
   * reuses them.
   */
  submit(frame: Frame, options: { keepPixels?: boolean } = {}): 'queued' | 'gated' {
    const keepPixels = options.keepPixels === true;
    if (this.closed) throw new Error('detector pool is closed');
    let camera = this.cameras.get(frame.cameraId);
    if (!camera) {
      this.addCamera(frame.cameraId, { motion: gateOff });
      camera = this.cameras.get(frame.cameraId)!;
    }
    camera.stats.submitted++;
    if (!camera.gate.check(frame).detect) {
      camera.stats.gated++;
      this.options.metrics?.framesGated.inc({ camera: frame.cameraId });
      // Keep detection_fps falling while a quiet camera is gated, not frozen at its last busy value.
      this.options.metrics?.detectionFps.set({ camera: frame.cameraId }, camera.fps.rate(this.now()));
      this.emit(this.order.addGated(frame.cameraId, frame.seq, frame.timestampMs, keepPixels ? frame.data : undefined));
      if (!keepPixels) this.recycle(frame);
      return 'gated';
    }
    this.order.expectInferred(frame.cameraId, frame.seq, frame.timestampMs);
    const displaced = this.scheduler.offer(frame.cameraId, { frame, crop: camera.crop, keepPixels });
    if (displaced) {
      camera.stats.dropped++;
      this.options.metrics?.framesDropped.inc({ camera: frame.cameraId });
      this.emit(this.order.cancel(frame.cameraId, displaced.frame.seq));
      this.recycle(displaced.frame);
    }
    this.pump();
    return 'queued';
  }

  /** Frames of this camera accepted but not yet delivered (waiting, running, or held for order). */
  waiting(cameraId: string): number {
    return this.order.waiting(cameraId);
  }

  stats(cameraId: string): CameraStats | undefined {
    const stats = this.cameras.get(cameraId)?.stats;
    return stats && { ...stats };
  }

  get queueDepth(): number {
    return this.scheduler.depth;
  }

  /** Resolves once no frame is waiting, running or held back for ordering. */
  async idle(): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.close()));
    this.releaseIdle(true);
  }

  /** Gives every idle worker a frame first, then queues one more behind each running frame. */
  private pump(): void {
    for (let depth = 0; depth < framesPerWorker; depth++) {
      for (const worker of this.workers) {
        if (worker.inFlight > depth || !worker.alive) continue;
        const next = this.scheduler.next();
        if (!next) return this.options.metrics?.queueDepth.set(this.scheduler.depth);
        this.dispatch(worker, next.item);
      }
    }
    this.options.metrics?.queueDepth.set(this.scheduler.depth);
  }

  private dispatch(worker: WorkerClient, job: Job): void {
    const { frame } = job;
    // Transfer the pixels when the frame owns its whole buffer; a view into a larger buffer is
    // copied once (new Uint8Array(view) copies even when `data` is a Node Buffer).
    const owned = ownedBuffer(frame.data);
    const buffer = owned ?? new Uint8Array(frame.data).buffer;
    const message = {
      type: 'detect' as const,
      id: this.nextId++,
      buffer,
      byteOffset: 0,
      byteLength: buffer.byteLength,
      width: frame.width,
      height: frame.height,
      pixelFormat: frame.pixelFormat,
      letterbox: frame.letterbox,
      crop: job.crop,
    };
    worker.run(message, [buffer]).then(
      (result) => {
        const camera = this.cameras.get(frame.cameraId);
        if (camera) {
          camera.stats.inferred++;
          camera.fps.record(this.now());
          this.options.metrics?.detectionFps.set({ camera: frame.cameraId }, camera.fps.rate(this.now()));
        }
        this.options.metrics?.framesInferred.inc({ camera: frame.cameraId });
        this.options.metrics?.inferenceSeconds.observe(result.inferenceSeconds);
        // Pixels go back with the result only to a camera still waiting for it (one removed
        // meanwhile gets nothing): otherwise they are reused here.
        const pixels = job.keepPixels && this.order.expects(frame.cameraId, frame.seq) ? new Uint8Array(result.buffer) : undefined;
        if (!pixels) this.buffers.give(result.buffer);
        this.emit(this.order.complete(frame.cameraId, frame.seq, result.detections, pixels));
        this.afterJob();
      },
      (error: Error) => {
        const camera = this.cameras.get(frame.cameraId);
        if (camera) camera.stats.failed++;
        this.options.onError?.(error, frame.cameraId);
        this.emit(this.order.cancel(frame.cameraId, frame.seq));
        this.afterJob();
      },
    );
  }

  private afterJob(): void {
    if (!this.closed) this.pump();
    this.releaseIdle(false);
  }

  /**
   * The pool owns every submitted frame: one it will not send to a worker, and that no result will
   * carry back (keepPixels), is reused at once.
   */
  private recycle(frame: Frame): void {
    const buffer = ownedBuffer(frame.data);
    if (buffer) this.buffers.give(buffer);
  }

  private watch(worker: WorkerClient, index: number): void {
    worker.onBuffer = (buffer) => this.buffers.give(buffer);
    worker.onExit = (error) => {
      if (this.closed) return;
      this.options.onError?.(new Error(`detect worker ${index} died (${error.message}); starting a new one`));
      void this.replace(index);
    };
  }

  /**
   * Starts a worker in place of a dead one, and keeps trying (1 s doubling to a minute) while it
   * fails, for as long as the pool is open: an agent left alone for months must not end up with
   * no detector because one restart met a passing problem (memory, a file being replaced).
   */
  private async replace(index: number): Promise<void> {
    const backoff = this.options.restartBackoff ?? defaultRestartBackoff;
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        const worker = await startWorker(this.options, this.abandoned);
        if (this.closed) return void (await worker.close());
        this.workers[index] = worker;
        this.watch(worker, index);
        this.pump();
        return;
      } catch (error) {
        const delay = backoffDelayMs(attempt, backoff);
        this.options.onError?.(new Error(`detect worker ${index} could not be restarted (${(error as Error).message}); trying again in ${(delay / 1000).toFixed(1)} s`));
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }

  private stuckChanged(stuck: number): void {
    this.options.metrics?.stuckThreads.set(stuck);
    if (this.closed || this.fatal) return;
    const most = this.options.maxStuckThreads ?? DEFAULT_MAX_STUCK_THREADS;
    if (stuck === 0) return;
    this.options.onError?.(new Error(`${stuck} detector thread${stuck === 1 ? ' is' : 's are'} stuck inside onnxruntime after being stopped (at ${most} the agent restarts)`));
    if (stuck < most) return;
    this.fatal = true;
    this.options.onFatal?.(new Error(`${stuck} detector threads are stuck inside onnxruntime and cannot be stopped from within the process; a restart frees them`));
  }

  private emit(results: FrameDetections[]): void {
    for (const result of results) for (const listener of this.listeners) listener(result);
  }

  private isIdle(): boolean {
    return this.scheduler.depth === 0 && this.order.waiting() === 0 && this.workers.every((w) => w.inFlight === 0);
  }

  private releaseIdle(force: boolean): void {
    if (!force && !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * A camera's motion gate, its forced detections at a phase of its own: the same camera always
 * gets the same phase (a hash of its id), different cameras spread over the period.
 */
function gateFor(cameraId: string, motion: MotionGateOptions): MotionGate {
  let hash = 2166136261;
  for (let i = 0; i < cameraId.length; i++) hash = Math.imul(hash ^ cameraId.charCodeAt(i), 16777619);
  return new MotionGate({ phase: (hash >>> 0) / 2 ** 32, ...motion });
}

function startWorker(options: DetectorPoolOptions, abandoned: AbandonedThreads): Promise<WorkerClient> {
  const { manifest, modelPath, settings, intraOpThreads, inferenceTimeoutMs, initTimeoutMs, createWorker } = options;
  return WorkerClient.start(
    { type: 'init', manifest, modelPath, settings, intraOpThreads: intraOpThreads ?? 1 },
    {
      abandon: abandoned.abandon,
      ...(inferenceTimeoutMs !== undefined ? { inferenceTimeoutMs } : {}),
      ...(initTimeoutMs !== undefined ? { initTimeoutMs } : {}),
      ...(createWorker ? { create: createWorker } : {}),
    },
  );
}
