import type { CameraConfig, ZoneConfig } from '../config/agent-config.schema.js';
import { CameraAnalyzer, type AnalyzerStep } from '../rules/camera-analyzer.js';
import { greyThumbnail } from '../rules/littering/grey-frame.js';
import type { FrameDetections } from '../detect/detection.js';
import type { SegmentSource } from '../evidence/segment-source.js';
import type { Frame } from '../ingest/frame.js';
import { frameBuffers, ownedBuffer } from '../ingest/frame-buffers.js';
import type { ReportedCases } from '../rules/reported-cases.js';
import type { ViolationEvent } from '../rules/violation-event.js';
import { PendingFrames, type FrameSide } from './pending-frames.js';

/*
 * Block size of the grey thumbnail: 416 px of content / 3 is ~139 px wide, enough for a bag at
 * 10 m and cheap enough for a per-pixel background model on many cameras (see greyThumbnail).
 */
const GREY_FACTOR = 3;

export interface EventContext {
  camera: CameraConfig;
  zone: ZoneConfig;
  /** The detector frame the event was decided on (only with `keepTriggerFrames`). */
  frame?: Frame;
  /** The footage of the camera's frames, where the evidence clip is cut (live cameras). */
  recording?: SegmentSource;
}

export interface CameraRunOptions {
  camera: CameraConfig;
  timezone: string | undefined;
  wallClockOffsetMs: number;
  keepFrames: boolean;
  /** The camera's reported cases, shared with its earlier and later runs; undefined: this run's own. */
  reportedCases: ReportedCases | undefined;
  onEvent: (event: ViolationEvent, context: EventContext) => void;
  recording: SegmentSource | undefined;
  onStep: ((detections: FrameDetections, step: AnalyzerStep) => void) | undefined;
}

/**
 * One camera's state between the detector and the rules: what it kept of each frame before
 * the pool took the pixels, and the analyzer that turns results into events. The analyzer is
 * made on the first frame, when the camera's aspect ratio is known from its letterbox.
 */
export class CameraRun {
  private analyzer: CameraAnalyzer | undefined;
  private readonly pending = new PendingFrames();
  private camera: CameraConfig;
  private zones: Map<string, ZoneConfig>;
  private failure: Error | undefined;
  framesRead = 0;
  framesAnalysed = 0;
  lastTimestampMs = 0;

  constructor(private readonly options: CameraRunOptions) {
    this.camera = options.camera;
    this.zones = new Map(options.camera.zones.map((zone) => [zone.id, zone]));
  }

  /**
   * The camera's zones (or name) were edited while it runs: later results are judged against
   * the new zones; stays of changed or removed zones are closed in the old zones' terms.
   */
  update(camera: CameraConfig): void {
    if (camera.id !== this.camera.id) throw new RangeError(`camera ${camera.id} given to the run of ${this.camera.id}`);
    const closing = this.analyzer?.setZones(camera.zones) ?? [];
    if (!this.failure) {
      try {
        this.emit(closing, undefined);
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
      }
    }
    this.camera = camera;
    this.zones = new Map(camera.zones.map((zone) => [zone.id, zone]));
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Rethrows what went wrong while handling a result (the pool's callback must not throw). */
  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /**
   * Call before the frame goes to the pool, and submit it with the options returned: afterwards
   * its pixels belong to the pool, until (with keepPixels) they come back with its result.
   */
  beforeSubmit(frame: Frame): { keepPixels: boolean } {
    this.framesRead++;
    const analyzer = (this.analyzer ??= new CameraAnalyzer({
      cameraId: this.camera.id,
      zones: this.camera.zones,
      ...(this.options.timezone === undefined ? {} : { timezone: this.options.timezone }),
      wallClockOffsetMs: this.options.wallClockOffsetMs,
      aspect: frame.letterbox.srcWidth / frame.letterbox.srcHeight,
      ...(this.options.reportedCases ? { reportedCases: this.options.reportedCases } : {}),
    }));
    const side: FrameSide = {};
    if (analyzer.needsGrey) {
      const content = { width: frame.letterbox.contentWidth, height: frame.letterbox.contentHeight };
      const out = new Uint8Array(Math.floor(content.width / GREY_FACTOR) * Math.floor(content.height / GREY_FACTOR));
      side.grey = greyThumbnail(frame, content, GREY_FACTOR, out);
    }
    // Not a copy: the pool hands the pixels back with the result (a 519 KB copy of every frame
    // cost memory and CPU for the rare event whose evidence falls back to the detector frame).
    if (this.options.keepFrames) {
      const { data: _pixels, ...described } = frame;
      side.frame = described;
    }
    if (side.grey || side.frame) this.pending.add(frame.seq, side);
    return { keepPixels: this.options.keepFrames };
  }

  /** One result of this camera, in seq order. Never throws: a failure is kept for `run` to rethrow. */
  onResult(detections: FrameDetections): void {
    if (this.failure || !this.analyzer) return;
    try {
      const side = this.pending.take(detections.seq);
      const step = this.analyzer.step(side?.grey ? { detections, grey: side.grey } : { detections });
      this.framesAnalysed++;
      this.lastTimestampMs = detections.timestampMs;
      this.options.onStep?.(detections, step);
      const frame = side?.frame && detections.pixels ? { ...side.frame, data: detections.pixels } : undefined;
      this.emit(step.events, frame);
      // Pixels that decided no event are not needed by the evidence: their memory is reused.
      const buffer = detections.pixels && (!frame || step.events.length === 0) ? ownedBuffer(detections.pixels) : undefined;
      if (buffer) frameBuffers.give(buffer);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }

  /** End of input: stays that already ended get their end time. */
  finish(): void {
    if (this.failure || !this.analyzer) return;
    this.emit(this.analyzer.finish(), undefined);
  }

  dispose(): void {
    this.pending.clear();
  }

  private emit(events: readonly ViolationEvent[], frame: Frame | undefined): void {
    for (const event of events) {
      const zone = this.zones.get(event.zoneId);
      if (!zone) throw new Error(`event for unknown zone ${event.zoneId} of camera ${event.cameraId}`);
      this.options.onEvent(event, { camera: this.camera, zone, ...(frame ? { frame } : {}), ...(this.options.recording ? { recording: this.options.recording } : {}) });
    }
  }
}
