import type { CameraHealth } from '@wardwatch/contracts';
import type { Registry } from 'prom-client';
import type { AgentConfig, CameraConfig } from '../config/agent-config.schema.js';
import type { PixelFormat } from '../ffmpeg/ingest-args.js';
import type { CameraIngest } from '../ingest/camera-ingest.js';
import { systemClock, type Clock } from '../ingest/clock.js';
import { createCameraIngest, type FrameSize } from '../ingest/create-frame-source.js';
import type { FrameSource } from '../ingest/frame.js';
import type { Logger } from '../log/logger.js';
import { createIngestMetrics, type IngestMetrics } from '../metrics/ingest-metrics.js';
import { backoffDelayMs } from '../retry/backoff.js';
import { abortableSource } from './abortable-source.js';
import { diffCameras, type CameraChanges } from './camera-changes.js';

/**
 * What consumes one camera's frames: detection -> tracking -> rules -> evidence. `run` reads
 * `source.frames()` until it ends or `signal` aborts; `source.recording` is the footage the
 * frames came with, where evidence clips are cut.
 */
export interface CameraPipeline {
  run(camera: CameraConfig, source: FrameSource, signal: AbortSignal): Promise<void>;
  /**
   * New zones, name or motion settings for a camera whose run goes on (see `liveEditable`).
   * A pipeline without it gets such edits as a restart of the camera.
   */
  update?(camera: CameraConfig): void;
}

export interface RunningCamerasDeps {
  registry: Registry;
  logger: Logger;
  clock?: Clock;
  /** The detector's input size; ffmpeg letterboxes every camera to it. Default 416x416 (YOLOX-Nano). */
  frameSize?: FrameSize;
  pixelFormat?: PixelFormat;
  pipeline?: CameraPipeline;
  ffmpegBinary?: string;
}

const DEFAULT_FRAME_SIZE: FrameSize = { width: 416, height: 416 };

/** One running camera: its supervised ffmpeg and the pipeline that reads it. */
interface CameraSlot {
  config: CameraConfig;
  ingest: CameraIngest;
  abort: AbortController;
  pipeline: Promise<void> | undefined;
  /** Pipeline failures in a row, for the backoff before the camera is started afresh. */
  failures: number;
}

/**
 * The agent's cameras, the first stage of a frame's path: one self-healing ingest (a supervised
 * ffmpeg) per camera and the pipeline run that consumes its frames, kept in step with the camera
 * list through reloads. Stopping ends every pipeline first (no new frames, so no new
 * violations), then every ffmpeg, which closes the segment it is writing.
 */
export class RunningCameras {
  readonly name = 'cameras';
  private readonly cameras = new Map<string, CameraSlot>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly metrics: IngestMetrics;
  private current: AgentConfig;
  private state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  private changing: Promise<unknown> = Promise.resolve();

  constructor(
    config: AgentConfig,
    private readonly deps: RunningCamerasDeps,
  ) {
    this.current = config;
    this.clock = deps.clock ?? systemClock;
    this.log = deps.logger.child({ agent: config.agent.id });
    this.metrics = createIngestMetrics(deps.registry);
    for (const camera of config.cameras) this.cameras.set(camera.id, this.slot(camera));
  }

  get running(): boolean {
    return this.state === 'running';
  }

  start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`the cameras cannot start: they are ${this.state}`);
    this.state = 'running';
    for (const slot of this.cameras.values()) this.startSlot(slot);
    this.log.info({ cameras: this.cameras.size }, 'cameras started');
    return Promise.resolve();
  }

  /**
   * Applies a new camera list while running: removed cameras stop, changed ones restart with
   * their new settings, added ones start; cameras whose zones, name or motion settings changed
   * keep their ffmpeg and hand the new settings to their running pipeline; every other camera
   * keeps its ffmpeg, its pipeline and its counters. Calls are applied one after another.
   */
  applyCameras(cameras: readonly CameraConfig[]): Promise<CameraChanges> {
    const next = this.changing.then(() => this.swapCameras(cameras));
    this.changing = next.catch(() => undefined);
    return next;
  }

  private async swapCameras(cameras: readonly CameraConfig[]): Promise<CameraChanges> {
    if (this.state !== 'running' && this.state !== 'new') throw new Error(`cannot change cameras: the agent is ${this.state}`);
    const changes = diffCameras([...this.cameras.values()].map((slot) => slot.config), cameras);
    if (this.deps.pipeline && !this.deps.pipeline.update) {
      changes.changed.push(...changes.updated);
      changes.updated = [];
    }
    const leaving = [...changes.removed, ...changes.changed.map((camera) => camera.id)];
    await Promise.all(leaving.map((id) => this.stopSlot(this.cameras.get(id))));
    // A Map keeps insertion order; rebuilding it keeps /status in the order of the config.
    const kept = new Map(this.cameras);
    this.cameras.clear();
    const updated = new Set(changes.updated.map((camera) => camera.id));
    for (const camera of cameras) {
      const slot = changes.unchanged.includes(camera.id) || updated.has(camera.id) ? kept.get(camera.id) : undefined;
      if (slot) {
        if (updated.has(camera.id)) this.updateSlot(slot, camera);
        this.cameras.set(camera.id, slot);
        continue;
      }
      const fresh = this.slot(camera);
      this.cameras.set(camera.id, fresh);
      if (this.state === 'running') this.startSlot(fresh);
    }
    this.current = { ...this.current, cameras: [...cameras] };
    return changes;
  }

  /**
   * Graceful stop: every pipeline, then every ffmpeg (q, SIGTERM, SIGKILL). ffmpeg goes last:
   * `q` makes it close the segment it is writing, so evidence still being cut for a violation of
   * the last seconds finds that footage whole and readable.
   */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    await this.changing;
    const slots = [...this.cameras.values()];
    for (const slot of slots) slot.abort.abort();
    await Promise.all(slots.map((slot) => slot.pipeline ?? Promise.resolve()));
    await Promise.all(slots.map((slot) => slot.ingest.stop()));
    this.state = 'stopped';
    this.log.info('cameras stopped');
  }

  /** The heartbeat's and /status's `cameras` (contracts AgentHeartbeat v1). */
  health(): CameraHealth[] {
    return [...this.cameras.values()].map(({ ingest }) => ingest.status());
  }

  ingest(cameraId: string): CameraIngest | undefined {
    return this.cameras.get(cameraId)?.ingest;
  }

  /** Running ffmpeg processes, for a forced exit that must not leave them behind. */
  ffmpegPids(): number[] {
    return [...this.cameras.values()].flatMap(({ ingest }) => (ingest.ffmpegPid === undefined ? [] : [ingest.ffmpegPid]));
  }

  private slot(camera: CameraConfig): CameraSlot {
    const ingest = createCameraIngest(camera, {
      dataDir: this.current.agent.dataDir,
      recordAudio: this.current.evidence.audio,
      frameSize: this.deps.frameSize ?? DEFAULT_FRAME_SIZE,
      ...(this.deps.pixelFormat ? { pixelFormat: this.deps.pixelFormat } : {}),
      metrics: this.metrics,
      logger: this.deps.logger,
      clock: this.clock,
      ...(this.deps.ffmpegBinary ? { ffmpegBinary: this.deps.ffmpegBinary } : {}),
    });
    return { config: camera, ingest, abort: new AbortController(), pipeline: undefined, failures: 0 };
  }

  private startSlot(slot: CameraSlot): void {
    slot.ingest.start();
    const pipeline = this.deps.pipeline;
    if (!pipeline) return;
    slot.pipeline = pipeline.run(slot.config, abortableSource(slot.ingest, slot.abort.signal), slot.abort.signal).catch((error: unknown) => this.recover(slot, error));
  }

  /**
   * A camera whose analysis failed would keep streaming while detecting nothing: it is started
   * afresh (ffmpeg included: its frame channel has a single reader) after a backoff, unless it was
   * stopped or replaced by a reload in the meantime.
   */
  private async recover(slot: CameraSlot, error: unknown): Promise<void> {
    if (slot.abort.signal.aborted) return;
    const delayMs = backoffDelayMs(slot.failures, { initialMs: 1_000, maxMs: 60_000, jitter: 0.2 });
    this.log.error({ camera: slot.config.id, err: error, retryInMs: delayMs }, 'camera pipeline failed; restarting the camera');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      slot.abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    if (slot.abort.signal.aborted || this.cameras.get(slot.config.id) !== slot) return;
    slot.abort.abort();
    await slot.ingest.stop();
    if (this.state !== 'running' || this.cameras.get(slot.config.id) !== slot) return;
    const fresh = this.slot(slot.config);
    fresh.failures = slot.failures + 1;
    this.cameras.set(slot.config.id, fresh);
    this.startSlot(fresh);
  }

  /** Same stream, new zones / name / motion: ffmpeg and its restart counter stay as they are. */
  private updateSlot(slot: CameraSlot, camera: CameraConfig): void {
    slot.config = camera;
    slot.ingest.rename(camera.name);
    if (slot.pipeline) this.deps.pipeline?.update?.(camera);
    this.log.info({ camera: camera.id, event: 'camera_updated' }, 'camera settings updated without restarting its stream');
  }

  private async stopSlot(slot: CameraSlot | undefined): Promise<void> {
    if (!slot) return;
    slot.abort.abort();
    await slot.pipeline;
    await slot.ingest.stop();
  }
}
