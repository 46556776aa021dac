import { join } from 'node:path';
import type { ClipMarks, ClipShortfall } from '@wardwatch/contracts';
import type { Logger } from 'pino';
import type { Frame } from '../ingest/frame.js';
import { clipSecondsAt, coveredMs, planClip, planEndMs, type TimeRange } from './clip-plan.js';
import { cutClip, NoFootageError } from './clip-cutter.js';
import { formatOfficerTime } from './local-time.js';
import { mediaFacts } from './media-probe.js';
import { runMediaTool } from './media-tool.js';
import { frameToPng, grabSegmentFrame, renderSnapshot } from './snapshot-renderer.js';
import type { LabelledBox } from './snapshot-overlay.js';
import type { Segment, SegmentSource } from './segment-source.js';

export const CLIP_FILE = 'clip.mp4';
export const SNAPSHOT_FILE = 'snapshot.jpg';

export interface EvidenceSettings {
  preSeconds: number;
  postSeconds: number;
  maxPartSeconds: number;
  /** evidence.audio: keep the sound the segments were recorded with. */
  audio?: boolean;
  timeZone: string;
  /**
   * How long past the window's end to wait for the cache to close the segment that holds it.
   * A segment closes every few seconds, so 30 s only runs out when the record stream is down;
   * then the clip is cut from what exists rather than never.
   */
  coverageTimeoutMs?: number;
  pollMs?: number;
}

export interface EvidenceRequest {
  cameraName: string;
  /** A caption line naming the zone (`Vùng: Cổng chợ`), under the camera's name. */
  zoneLine?: string;
  startedAtMs: number;
  triggeredAtMs: number;
  zone: readonly (readonly [number, number])[];
  boxes: readonly LabelledBox[];
  segments: SegmentSource;
  /** The frame the rule triggered on: the snapshot's fallback when the cache has no footage. */
  triggerFrame?: Frame;
}

export interface LocalMedia {
  /** File name inside the evidence directory. */
  file: typeof CLIP_FILE | typeof SNAPSHOT_FILE;
  sha256: string;
  bytes: number;
  mime: 'video/mp4' | 'image/jpeg';
  durationSeconds?: number;
  /** How a clip falls short of its window; absent when it covers it. */
  shortfall?: ClipShortfall;
  /** Where the arrival and the trigger fall in a clip; absent on a still clip. */
  marks?: ClipMarks;
}

export interface EvidenceFiles {
  clip: LocalMedia;
  snapshot: LocalMedia;
  /** False when the cache did not cover the whole window before the timeout. */
  clipComplete: boolean;
}


export interface EvidenceDeps {
  settings: EvidenceSettings;
  now: () => number;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Turns a triggered rule into a clip and a snapshot on disk. The clip's window ends after the
 * trigger, so this waits (a pending evidence job) until the segment cache has closed a segment
 * past it, or until the timeout or `signal` (shutdown) says to use what exists.
 */
export class EvidenceRecorder {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: EvidenceDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async record(request: EvidenceRequest, dir: string, signal?: AbortSignal): Promise<EvidenceFiles> {
    const { settings } = this.deps;
    const parts = planClip({ ...request, ...settings });
    const segments = await this.waitForCoverage(parts, request.segments, signal);
    const wanted = parts.reduce((sum, part) => sum + part.endMs - part.startMs, 0);
    const covered = coveredMs(parts, segments);
    const clipComplete = covered >= wanted - 1;
    const snapshotPath = join(dir, SNAPSHOT_FILE);
    const clipPath = join(dir, CLIP_FILE);

    const still = await this.still(request, segments);
    await renderSnapshot(
      still,
      { zone: request.zone, boxes: request.boxes, caption: [formatOfficerTime(request.triggeredAtMs, settings.timeZone), request.cameraName, ...(request.zoneLine ? [request.zoneLine] : [])] },
      snapshotPath,
    );
    // What the officer is told when the evidence is less than its window.
    const seconds = (ms: number) => Math.round(ms / 100) / 10;
    let shortfall: ClipShortfall | undefined;
    let marks: ClipMarks | undefined;
    try {
      const pieces = await cutClip(parts, segments, clipPath, { audio: settings.audio === true });
      const at = (ms: number) => Math.round(clipSecondsAt(pieces, ms) * 100) / 100;
      marks = { startedSeconds: at(request.startedAtMs), triggeredSeconds: at(Math.max(request.triggeredAtMs, request.startedAtMs)) };
    } catch (error) {
      // The contract needs a clip; a one-second still of the trigger keeps the violation alive
      // whether the footage is missing or ffmpeg could not cut it (a damaged or pruned segment).
      const reason = error instanceof NoFootageError ? 'the camera recorded no footage for this moment' : `the clip could not be cut (${(error as Error).message})`;
      this.deps.logger.warn({ event: 'evidence_clip_missing' }, `${reason}; sending a still clip`);
      await stillClip(snapshotPath, clipPath);
      shortfall = { kind: 'still', coveredSeconds: 0, wantedSeconds: seconds(wanted) };
    }
    if (!clipComplete) {
      this.deps.logger.warn({ event: 'evidence_clip_partial', coveredMs: covered, wantedMs: wanted }, 'the clip covers only part of its window');
      shortfall ??= { kind: 'partial', coveredSeconds: seconds(covered), wantedSeconds: seconds(wanted) };
    }
    const [clipFacts, snapshotFacts] = await Promise.all([mediaFacts(clipPath, { duration: true }), mediaFacts(snapshotPath, { duration: false })]);
    return {
      clip: { file: CLIP_FILE, mime: 'video/mp4', ...clipFacts, ...(shortfall ? { shortfall } : {}), ...(marks ? { marks } : {}) },
      snapshot: { file: SNAPSHOT_FILE, mime: 'image/jpeg', ...snapshotFacts },
      clipComplete,
    };
  }

  private async waitForCoverage(parts: readonly TimeRange[], source: SegmentSource, signal?: AbortSignal): Promise<Segment[]> {
    const startMs = Math.min(...parts.map((part) => part.startMs));
    const endMs = planEndMs(parts);
    const deadline = endMs + (this.deps.settings.coverageTimeoutMs ?? 30_000);
    for (;;) {
      const segments = await source.segmentsBetween(startMs, endMs);
      const reached = segments.reduce((max, segment) => Math.max(max, segment.endMs), Number.NEGATIVE_INFINITY);
      if (reached >= endMs || this.deps.now() >= deadline || signal?.aborted === true) return segments;
      await this.sleep(this.deps.settings.pollMs ?? 500);
    }
  }

  private async still(request: EvidenceRequest, segments: readonly Segment[]): Promise<Buffer> {
    const at = request.triggeredAtMs;
    // The segment holding the trigger, else the footage nearest to it (record stream down at
    // the trigger): a near picture with the drawing still shows the officer where to look.
    const holder = segments.find((segment) => segment.startMs <= at && at < segment.endMs) ?? nearest(segments, at);
    if (holder) {
      try {
        return await grabSegmentFrame(holder, at);
      } catch (error) {
        if (!request.triggerFrame) throw error;
        this.deps.logger.warn({ event: 'evidence_grab_failed', err: error }, 'cannot grab the trigger frame from the cache; using the detector frame');
      }
    }
    if (request.triggerFrame) return frameToPng(request.triggerFrame);
    throw new NoFootageError('neither the cache nor the detector has a frame of the trigger moment');
  }
}

function nearest(segments: readonly Segment[], atMs: number): Segment | undefined {
  const distance = (segment: Segment) => (atMs < segment.startMs ? segment.startMs - atMs : Math.max(0, atMs - segment.endMs));
  return [...segments].sort((a, b) => distance(a) - distance(b))[0];
}

async function stillClip(imagePath: string, clipPath: string): Promise<void> {
  await runMediaTool('ffmpeg', [
    '-hide_banner', '-nostdin', '-v', 'error', '-y', '-loop', '1', '-framerate', '1', '-i', imagePath,
    '-t', '1', '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p', '-c:v', 'libx264', '-preset', 'veryfast',
    '-movflags', '+faststart', '-f', 'mp4', clipPath,
  ]);
}
