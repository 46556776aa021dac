/**
 * The per-camera analysis pipeline: frames -> shared DetectorPool -> CameraAnalyzer (tracker,
 * zones, rules) -> your `onEvent`. One instance serves every camera of a process; it is the
 * cameras' `CameraPipeline` and also what `edge-agent analyze` runs on a file.
 *
 *   const pool = await createDetectorPool(config, { metrics });   // knows every camera
 *   const pipeline = new AnalysisPipeline({
 *     pool,
 *     timezone: config.agent.timezone,
 *     onEvent: (event, { camera, zone, frame }) => void intake.submit(event, ...),
 *   });
 *   new RunningCameras(config, { ..., pipeline });                 // live: run(camera, ingest, signal)
 *   await pipeline.run(camera, createFileFrameSource(...), signal); // or drive it yourself
 *
 * Options:
 * - `mode: 'live'` (default): every frame read is submitted at once; the pool keeps only the
 *   newest waiting frame per camera, so a slow detector skips frames and never lags behind.
 *   `mode: 'complete'` (files): every frame is analysed. A frame is submitted only while the
 *   pool's queue is empty, i.e. while some worker can take it at once, so nothing is displaced;
 *   the reader waits otherwise, and with a source whose `frames` are 'every' that wait pauses ffmpeg.
 *   Several cameras share the workers, so all cores stay busy.
 * - `wallClockOffsetMs(camera)`: added to frame timestamps for schedules. 0 (default) for live
 *   cameras, whose timestamps are wall clock; for a file, the wall time of its first frame.
 * - `keepTriggerFrames`: have the pool hand each frame's pixels back with its result, and pass
 *   the frame an event was decided on as `context.frame` (the evidence snapshot fallback).
 * - `onStep(camera, detections, step)`: every analysed frame (progress, debugging, tests).
 * - `reportedCases(camera)`: the camera's memory of what it reported (see ReportedCases), shared
 *   by every run of the camera, so that a restarted run does not report a car standing there
 *   again. Unset (a file analysis): each run remembers only its own cases.
 *
 * Events: `onEvent(event, { camera, zone, frame? })` is called synchronously for every
 * ViolationEvent (phases triggered, renotified, ended), in each camera's frame order, with times
 * in the frame clock (`event.*AtMs`; add the offset for wall time). When the source ends by itself
 * (end of file) the analyzer is finished, which may emit the last `ended` events; when `signal`
 * aborts, `run` stops reading and resolves without finishing. `run` rejects when the source
 * throws (e.g. a StreamFailure for an unreadable file), the analyzer rejects a frame, or
 * `onEvent` throws. One `run` per camera at a time.
 */
import type { CameraPipeline } from '../cameras/running-cameras.js';
import type { CameraConfig } from '../config/agent-config.schema.js';
import type { AnalyzerStep } from '../rules/camera-analyzer.js';
import type { FrameDetections } from '../detect/detection.js';
import type { DetectorPool } from '../detect/detector-pool.js';
import type { Frame, FrameSource } from '../ingest/frame.js';
import type { ReportedCases } from '../rules/reported-cases.js';
import type { ViolationEvent } from '../rules/violation-event.js';
import { CameraRun, type EventContext } from './camera-run.js';
import { PoolWaiter } from './pool-waiter.js';

export type { EventContext } from './camera-run.js';

export interface AnalysisPipelineOptions {
  pool: DetectorPool;
  onEvent: (event: ViolationEvent, context: EventContext) => void;
  mode?: 'live' | 'complete';
  /** Time zone of schedules that do not name their own (the agent's `timezone`). */
  timezone?: string;
  wallClockOffsetMs?: (camera: CameraConfig) => number;
  keepTriggerFrames?: boolean;
  onStep?: (camera: CameraConfig, detections: FrameDetections, step: AnalyzerStep) => void;
  reportedCases?: (camera: CameraConfig) => ReportedCases | undefined;
}

/** Progress of one camera's run (for progress bars and /status). */
export interface CameraProgress {
  framesRead: number;
  framesAnalysed: number;
  /** Frame clock of the last analysed frame. */
  lastTimestampMs: number;
}

export class AnalysisPipeline implements CameraPipeline {
  private readonly runs = new Map<string, CameraRun>();
  private readonly waiter: PoolWaiter;

  constructor(private readonly options: AnalysisPipelineOptions) {
    this.waiter = new PoolWaiter(options.pool);
  }

  progress(cameraId: string): CameraProgress | undefined {
    const run = this.runs.get(cameraId);
    return run && { framesRead: run.framesRead, framesAnalysed: run.framesAnalysed, lastTimestampMs: run.lastTimestampMs };
  }

  async run(camera: CameraConfig, source: FrameSource, signal: AbortSignal): Promise<void> {
    if (this.runs.has(camera.id)) throw new Error(`camera ${camera.id} is already running in this pipeline`);
    const { pool, onStep } = this.options;
    const run = new CameraRun({
      camera,
      timezone: this.options.timezone,
      wallClockOffsetMs: this.options.wallClockOffsetMs?.(camera) ?? 0,
      keepFrames: this.options.keepTriggerFrames ?? false,
      reportedCases: this.options.reportedCases?.(camera),
      onEvent: this.options.onEvent,
      recording: source.recording,
      onStep: onStep && ((detections, step) => onStep(camera, detections, step)),
    });
    this.runs.set(camera.id, run);
    const unsubscribe = pool.subscribe((result) => {
      if (result.cameraId === camera.id) run.onResult(result);
    });
    try {
      await this.feed(camera.id, source, run, signal);
      // Everything submitted comes back (or is dropped) before the analyzer may be finished.
      await this.waiter.until(() => pool.waiting(camera.id) === 0 || run.failed, signal);
      run.throwIfFailed();
      if (!signal.aborted) run.finish();
    } finally {
      unsubscribe();
      run.dispose();
      this.runs.delete(camera.id);
    }
  }

  /**
   * Hands a running camera new zones or a new name (an installer's edit) without ending its
   * run; false when the camera has no run here (the next `run` takes the new config anyway).
   */
  update(camera: CameraConfig): boolean {
    const run = this.runs.get(camera.id);
    run?.update(camera);
    return run !== undefined;
  }

  /** Stops waiting on the pool; call after every run has ended, before closing the pool. */
  close(): void {
    this.waiter.close();
  }

  private async feed(cameraId: string, source: FrameSource, run: CameraRun, signal: AbortSignal): Promise<void> {
    const { pool } = this.options;
    const complete = this.options.mode === 'complete';
    const frames = source.frames()[Symbol.asyncIterator]();
    // Ends a wait for the next frame at once; the source itself belongs to the caller.
    const onAbort = (): void => void frames.return?.();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (signal.aborted) return;
        const next: IteratorResult<Frame> = await frames.next();
        if (next.done === true || signal.aborted) return;
        run.throwIfFailed();
        if (complete) {
          // A frame offered while the queue holds one of this camera would displace it (drop).
          await this.waiter.until(() => pool.queueDepth === 0 || run.failed, signal);
          run.throwIfFailed();
          if (signal.aborted) return;
        }
        pool.submit(next.value, run.beforeSubmit(next.value));
        run.throwIfFailed();
      }
    } catch (error) {
      await frames.return?.().catch(() => undefined);
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (pool.waiting(cameraId) === 0) this.waiter.check();
    }
  }
}
