import { canonicalJson } from '@wardwatch/contracts';
import type { ZoneConfig } from '../config/agent-config.schema.js';
import type { Box, FrameDetections } from '../detect/detection.js';
import { defaultBackgroundOptions, DualBackground, type BackgroundOptions } from './littering/dual-background.js';
import type { StaticBlob } from './littering/static-blob.js';
import { makeZoneRule } from './make-zone-rule.js';
import { ReportedCases } from './reported-cases.js';
import type { ViolationEvent } from './violation-event.js';
import type { ZoneRule } from './zone-rule.js';
import { Tracker, type TrackerOptions } from '../track/tracker.js';
import type { TrackView } from '../track/track.js';
import { DEFAULT_TIMEZONE, ScheduleGate } from '../zones/schedule.js';
import { ZoneArea } from '../zones/zone-area.js';
import type { GreyFrame } from './littering/grey-frame.js';

export interface CameraAnalyzerOptions {
  cameraId: string;
  zones: readonly ZoneConfig[];
  /** Time zone of schedules that do not name their own (the agent's `timezone`). */
  timezone?: string;
  /**
   * Wall clock = frame timestamp + this. 0 for live cameras (frames carry wall time); for a file
   * (media time from 0), the wall time of its first frame, so schedules apply.
   */
  wallClockOffsetMs?: number;
  /** Width / height of the camera picture; distances between boxes need it (default: the grey picture's content, else 16:9). */
  aspect?: number;
  tracker?: Partial<TrackerOptions>;
  background?: Partial<BackgroundOptions>;
  /**
   * What this camera reported and may still be looking at. Pass the camera's one memory to each
   * analyzer made for it (after a restart, a reconnect or a reload) so that a car already reported
   * is not reported again; default: a memory of this analyzer's own.
   */
  reportedCases?: ReportedCases;
}

export interface AnalyzerInput {
  detections: FrameDetections;
  /** The frame's small grey picture; littering zones need it for their background model. */
  grey?: GreyFrame;
}

export interface AnalyzerStep {
  events: ViolationEvent[];
  tracks: readonly TrackView[];
  blobs: readonly StaticBlob[];
}

/** Persons seen this recently still stand where they were (a missed detection or two). */
const PERSON_MEMORY_MS = 1500;

function personBoxes(tracks: readonly TrackView[], detections: FrameDetections['detections'], nowMs: number): Box[] {
  const boxes = tracks.filter((t) => t.className === 'person' && t.state !== 'tentative' && nowMs - t.lastSeenMs <= PERSON_MEMORY_MS).map((t) => t.box);
  for (const d of detections) if (d.className === 'person') boxes.push(d.box);
  return boxes;
}

interface ZoneRuntime {
  /** The zone's whole config as canonical JSON: an edit that leaves it equal keeps the rules' state. */
  key: string;
  schedule: ScheduleGate;
  rules: ZoneRule[];
}

/**
 * One camera's pure pipeline after detection: tracker, background model (only when a zone has
 * a littering rule), schedules and every zone rule. Feed frames in order; events come back in
 * the frame clock. No I/O, no clock of its own: the same input always gives the same events.
 */
export class CameraAnalyzer {
  readonly cameraId: string;
  /** Whether `grey` frames are worth producing for this camera (a zone has a littering rule). */
  needsGrey = false;
  private readonly tracker: Tracker;
  private readonly cases: ReportedCases;
  private zones: ZoneRuntime[] = [];
  private readonly wallClockOffsetMs: number;
  private readonly defaultTimezone: string;
  private aspect: number;
  private readonly aspectGiven: boolean;
  private readonly backgroundBase: BackgroundOptions;
  /** `background.minAreaFraction` when the caller set one; else the littering rules decide. */
  private readonly minAreaGiven: number;
  private backgroundOptions: BackgroundOptions;
  private background: DualBackground | undefined;
  private lastMs = Number.NEGATIVE_INFINITY;

  constructor(options: CameraAnalyzerOptions) {
    this.cameraId = options.cameraId;
    this.cases = options.reportedCases ?? new ReportedCases(options.cameraId);
    if (this.cases.cameraId !== this.cameraId) throw new RangeError(`reported cases of camera ${this.cases.cameraId} given to the analyzer of ${this.cameraId}`);
    this.tracker = new Tracker(options.tracker);
    this.wallClockOffsetMs = options.wallClockOffsetMs ?? 0;
    this.aspect = options.aspect ?? 16 / 9;
    this.aspectGiven = options.aspect !== undefined;
    this.defaultTimezone = options.timezone ?? DEFAULT_TIMEZONE;
    this.backgroundBase = { ...defaultBackgroundOptions, ...options.background };
    this.minAreaGiven = options.background?.minAreaFraction ?? Number.POSITIVE_INFINITY;
    this.backgroundOptions = this.backgroundBase;
    this.setZones(options.zones);
  }

  /**
   * New zones while frames keep coming (an installer's edit): the tracker and the zones whose
   * config is unchanged keep their state; a changed or new zone starts with fresh rules (a stay
   * timed against the old outline would be wrong against the new one), which continue the cases
   * the old rules reported on objects still there instead of reporting them again. Returns the
   * closing events of the zones that were changed or removed, in the old zones' terms.
   */
  setZones(zones: readonly ZoneConfig[]): ViolationEvent[] {
    const previous = new Map(this.zones.map((zone) => [zone.key, zone]));
    this.zones = zones.map((zone) => {
      const key = canonicalJson(zone);
      const same = previous.get(key);
      if (same) {
        previous.delete(key);
        return same;
      }
      const area = new ZoneArea(zone);
      return {
        key,
        schedule: new ScheduleGate(zone.schedule, zone.schedule?.timezone ?? this.defaultTimezone),
        rules: zone.rules.map((rule) => makeZoneRule(this.cameraId, area, rule, this.cases.forRule(zone.id, rule.type, this.wallClockOffsetMs))),
      };
    });
    const closing = Number.isFinite(this.lastMs) ? [...previous.values()].flatMap((zone) => zone.rules.flatMap((rule) => rule.finish(this.lastMs))) : [];
    const littering = zones.flatMap((z) => z.rules).flatMap((r) => (r.type === 'littering' ? [r.minAreaFraction] : []));
    this.needsGrey = littering.length > 0;
    // The model keeps blobs down to the smallest any littering rule wants; each rule filters further.
    const minAreaFraction = Math.min(this.minAreaGiven, ...littering);
    if (minAreaFraction !== this.backgroundOptions.minAreaFraction) {
      this.backgroundOptions = { ...this.backgroundBase, minAreaFraction };
      this.background = undefined;
    }
    if (!this.needsGrey) this.background = undefined;
    return closing;
  }

  step(input: AnalyzerInput): AnalyzerStep {
    const frame = input.detections;
    if (frame.cameraId !== this.cameraId) throw new RangeError(`frame of camera ${frame.cameraId} given to the analyzer of ${this.cameraId}`);
    const nowMs = frame.timestampMs;
    // Out-of-order frames would corrupt every model; a restarted source must keep time increasing.
    if (nowMs < this.lastMs) throw new RangeError(`frame ${frame.seq} at ${nowMs} ms is older than the previous one (${this.lastMs} ms)`);
    this.lastMs = nowMs;
    const tracks = this.tracker.update(frame);
    let blobs: StaticBlob[] = [];
    if (this.needsGrey && input.grey !== undefined) {
      const grey = input.grey;
      if (this.background === undefined || this.background.width !== grey.width || this.background.height !== grey.height) {
        this.background = new DualBackground(grey.width, grey.height, this.backgroundOptions);
        if (!this.aspectGiven) this.aspect = grey.content.width / grey.content.height;
      }
      this.background.update(grey, nowMs, personBoxes(tracks, frame.detections, nowMs));
      blobs = this.background.blobs();
    }
    const wallMs = nowMs + this.wallClockOffsetMs;
    this.cases.expire(wallMs);
    const events: ViolationEvent[] = [];
    for (const zone of this.zones) {
      const activeSinceMs = zone.schedule.update(nowMs, wallMs);
      for (const rule of zone.rules) {
        events.push(...rule.update({ nowMs, activeSinceMs, tracks, detections: frame.detections, blobs, aspect: this.aspect }));
      }
    }
    return { events, tracks, blobs };
  }

  /** The input is over: closes the stays that had already ended; ongoing ones keep no end time. */
  finish(): ViolationEvent[] {
    return this.zones.flatMap((z) => z.rules.flatMap((r) => r.finish(this.lastMs)));
  }
}
