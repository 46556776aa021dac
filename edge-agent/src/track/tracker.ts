import { iou } from '../geometry/box-math.js';
import { sameFamily } from '../detect/class-family.js';
import type { Box, Detection, FrameDetections } from '../detect/detection.js';
import { associate, type Candidate } from './association.js';
import { defaultMotionFilterOptions, MotionFilter, type MotionFilterOptions } from './motion-filter.js';
import { defaultStationaryOptions, StationaryTest, type StationaryOptions } from './stationary-test.js';
import type { TrackState, TrackView } from './track.js';

/*
 * ByteTrack-style multi-object tracker: confident detections are matched first to every live
 * track, then the leftover weak detections (often a partly occluded object) to the confirmed
 * tracks that are still unmatched, so a track survives a dip in score without letting weak
 * detections start new tracks. All durations are in seconds of the frame clock.
 */

export interface TrackerOptions {
  /** Detections at or above this score are "high" (first stage, may start tracks). */
  highScore: number;
  /** Detections below this are ignored altogether. */
  lowScore: number;
  /** Minimum IoU between a predicted track box and a high detection. */
  matchIou: number;
  /** Minimum IoU for the second stage: weak detections must overlap well to be trusted. */
  lowMatchIou: number;
  /**
   * A confident detection left over after matching that overlaps a track of its family matched
   * in the same frame at least this much is that object seen twice (the model scored one car as
   * car and truck), not a second object: it starts no track.
   */
  duplicateIou: number;
  /**
   * A confirmed track nothing of its own family matched keeps itself alive on a detection of
   * another family with this much overlap: the same box, renamed. At night YOLOX-Nano calls a
   * parked car "suitcase" or "cell phone" for seconds at a time (measured on the eval's night
   * scenes), and the car's track must not be lost, nor a suitcase track be started on it. The
   * renamed detection does not vote on the track's class.
   */
  sameBoxIou: number;
  /** Matches needed before a new track is confirmed. */
  confirmHits: number;
  /** How long an unseen moving object keeps its id. */
  lostSeconds: number;
  /**
   * How long an unseen stationary object keeps its id: a parked car hidden by a passing bus or
   * missed by the detector at night for a while is still there.
   */
  stationaryLostSeconds: number;
  motion: MotionFilterOptions;
  stationary: StationaryOptions;
}

export const defaultTrackerOptions: TrackerOptions = {
  highScore: 0.45,
  lowScore: 0.1,
  matchIou: 0.2,
  lowMatchIou: 0.4,
  duplicateIou: 0.5,
  sameBoxIou: 0.75,
  confirmHits: 2,
  lostSeconds: 4,
  stationaryLostSeconds: 30,
  motion: defaultMotionFilterOptions,
  stationary: defaultStationaryOptions,
};

/** Slower than this many box sizes a second at its last sighting, an object is standing. */
const STANDING_BOX_SIZES_PER_SECOND = 0.1;
/** ...judged on at least this many sightings (a new track's velocity means nothing yet). */
const STANDING_MIN_HITS = 4;

class Track {
  state: TrackState = 'tentative';
  hits = 1;
  lastSeenMs: number;
  lastMatchedSeq: number;
  box: Box;
  score: number;
  classId: number;
  className: string;
  /**
   * It moved off when it was last seen: a parked car that pulls out and leaves the frame within a
   * second is gone, even though the stationary test's window still holds mostly its stop (it
   * must not stay "parked" for the 30 s a hidden parked car is kept).
   */
  leaving = false;
  private readonly classScores = new Map<string, { sum: number; classId: number }>();
  readonly filter: MotionFilter;
  readonly stationary: StationaryTest;

  constructor(
    readonly id: number,
    det: Detection,
    readonly firstSeenMs: number,
    seq: number,
    options: TrackerOptions,
  ) {
    this.lastSeenMs = firstSeenMs;
    this.lastMatchedSeq = seq;
    this.box = det.box;
    this.score = det.score;
    this.classId = det.classId;
    this.className = det.className;
    this.filter = new MotionFilter(det.box, firstSeenMs, options.motion);
    this.stationary = new StationaryTest(options.stationary);
    this.vote(det);
    this.stationary.push(firstSeenMs, det.box);
    if (options.confirmHits <= 1) this.state = 'confirmed';
  }

  match(det: Detection, tMs: number, seq: number, confirmHits: number): void {
    this.sighted(det.box, tMs, seq);
    this.score = det.score;
    this.hits += 1;
    this.vote(det);
    if (this.state === 'lost' || this.hits >= confirmHits) this.state = 'confirmed';
  }

  /**
   * Stopped as far as the last sightings show, though the stationary test may not have had a
   * full window yet: a car missed right after it pulls up is a parked car, and keeps its id as
   * long as one (so its stop is dated from its own history when it is seen again).
   */
  standing(): boolean {
    return !this.leaving && (this.stationary.stationary || this.slow());
  }

  lose(): void {
    this.state = 'lost';
    this.leaving = !this.slow();
  }

  private slow(): boolean {
    const { vx, vy } = this.filter.velocity();
    const w = Math.max(1e-6, this.box.x2 - this.box.x1);
    const h = Math.max(1e-6, this.box.y2 - this.box.y1);
    return this.hits >= STANDING_MIN_HITS && Math.hypot(vx / w, vy / h) < STANDING_BOX_SIZES_PER_SECOND;
  }

  /** Seen again, under another family's name: where it is counts, what it was called does not. */
  keepAlive(det: Detection, tMs: number, seq: number): void {
    this.sighted(det.box, tMs, seq);
    this.state = 'confirmed';
  }

  /** Where it was seen, whatever it was called: the motion filter, the stationary test, the box. */
  private sighted(box: Box, tMs: number, seq: number): void {
    this.filter.update(box, tMs);
    this.stationary.push(tMs, box);
    this.box = box;
    this.lastSeenMs = tMs;
    this.lastMatchedSeq = seq;
    this.leaving = false;
  }

  // The class is the one with the most accumulated score, so one odd label does not flip it.
  private vote(det: Detection): void {
    const entry = this.classScores.get(det.className) ?? { sum: 0, classId: det.classId };
    entry.sum += det.score;
    this.classScores.set(det.className, entry);
    const current = this.classScores.get(this.className);
    if (current === undefined || entry.sum > current.sum) {
      this.className = det.className;
      this.classId = entry.classId;
    }
  }

  view(): TrackView {
    return {
      id: this.id,
      className: this.className,
      classId: this.classId,
      state: this.state,
      box: this.box,
      score: this.score,
      firstSeenMs: this.firstSeenMs,
      lastSeenMs: this.lastSeenMs,
      hits: this.hits,
      stationary: this.stationary.stationary && !this.leaving,
      stationarySinceMs: this.stationary.stationarySinceMs,
    };
  }
}

export class Tracker {
  private tracks: Track[] = [];
  private nextId = 1;
  private lastInferredSeq: number | undefined;
  private readonly options: TrackerOptions;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.options = { ...defaultTrackerOptions, ...options };
  }

  /** Feed one frame's detections (in frame order); returns every live track after it. */
  update(frame: FrameDetections): TrackView[] {
    if (!frame.inferred && this.lastInferredSeq !== undefined) this.hold(frame.timestampMs);
    else this.associateFrame(frame);
    return this.tracks.map((t) => t.view());
  }

  /**
   * Motion gating reused the last detections because nothing moved: the tracks seen in the last
   * detected frame are still there, where they were. Their boxes count as a (zero-displacement)
   * sample for the stationary test and for the motion filter: the gate only holds when the
   * picture is still, so a car gated right after it stopped must not be predicted to drive on
   * (it would miss its next detection and come back under a new id). An object too slow for the
   * gate is still within matching distance of its held box at the next forced detection.
   */
  private hold(tMs: number): void {
    for (const track of this.tracks) {
      if (track.lastMatchedSeq !== this.lastInferredSeq || tMs <= track.lastSeenMs) continue;
      track.lastSeenMs = tMs;
      track.stationary.push(tMs, track.box);
      track.filter.update(track.box, tMs);
    }
    this.expire(tMs);
  }

  private associateFrame(frame: FrameDetections): void {
    const t = frame.timestampMs;
    const o = this.options;
    this.lastInferredSeq = frame.seq;
    const dets = frame.detections.filter((d) => d.score >= o.lowScore);
    const high = dets.filter((d) => d.score >= o.highScore);
    const low = dets.filter((d) => d.score < o.highScore);
    const predicted: Candidate[] = this.tracks.map((tr) => ({ box: tr.filter.predict(t), className: tr.className }));

    const matchedTracks = new Set<number>();
    const usedHigh = new Set<number>();
    for (const [ti, di] of associate(predicted, high, o.matchIou)) {
      const track = this.tracks[ti];
      const det = high[di];
      if (track === undefined || det === undefined) continue;
      track.match(det, t, frame.seq, o.confirmHits);
      matchedTracks.add(ti);
      usedHigh.add(di);
    }

    const usedLow = new Set<Detection>();
    const secondIdx = this.tracks.map((_, i) => i).filter((i) => !matchedTracks.has(i) && this.tracks[i]?.state === 'confirmed');
    const second = secondIdx.map((i) => predicted[i]).filter((c): c is Candidate => c !== undefined);
    for (const [si, di] of associate(second, low, o.lowMatchIou)) {
      const ti = secondIdx[si];
      const track = ti === undefined ? undefined : this.tracks[ti];
      const det = low[di];
      if (ti === undefined || track === undefined || det === undefined) continue;
      track.match(det, t, frame.seq, o.confirmHits);
      matchedTracks.add(ti);
      usedLow.add(det);
    }

    this.renamed(dets, high, usedHigh, usedLow, matchedTracks, t, frame.seq);

    this.tracks.forEach((track, i) => {
      if (!matchedTracks.has(i) && track.state === 'confirmed') track.lose();
    });
    // A new track that misses its next detected frame was most likely a one-off false detection.
    this.tracks = this.tracks.filter((track, i) => track.state !== 'tentative' || matchedTracks.has(i));
    this.expire(t);

    high.forEach((det, i) => {
      if (usedHigh.has(i) || this.seenTwice(det, frame.seq)) return;
      this.tracks.push(new Track(this.nextId++, det, t, frame.seq, o));
    });
  }

  /** Third stage: confirmed (or lost) tracks still unmatched take a same-box detection of another family. */
  private renamed(dets: readonly Detection[], high: readonly Detection[], usedHigh: Set<number>, usedLow: ReadonlySet<Detection>, matchedTracks: Set<number>, t: number, seq: number): void {
    const used = new Set<Detection>([...high.filter((_, i) => usedHigh.has(i)), ...usedLow]);
    const pairs: { ti: number; det: Detection; overlap: number }[] = [];
    this.tracks.forEach((track, ti) => {
      if (matchedTracks.has(ti) || track.state === 'tentative') return;
      for (const det of dets) {
        if (used.has(det) || sameFamily(track.className, det.className)) continue;
        const overlap = iou(track.box, det.box);
        if (overlap >= this.options.sameBoxIou) pairs.push({ ti, det, overlap });
      }
    });
    pairs.sort((a, b) => b.overlap - a.overlap);
    for (const { ti, det } of pairs) {
      if (matchedTracks.has(ti) || used.has(det)) continue;
      this.tracks[ti]!.keepAlive(det, t, seq);
      matchedTracks.add(ti);
      used.add(det);
      const h = high.indexOf(det);
      if (h >= 0) usedHigh.add(h);
    }
  }

  private seenTwice(det: Detection, seq: number): boolean {
    return this.tracks.some((track) => track.lastMatchedSeq === seq && sameFamily(track.className, det.className) && iou(track.box, det.box) >= this.options.duplicateIou);
  }

  private expire(tMs: number): void {
    const o = this.options;
    this.tracks = this.tracks.filter((track) => {
      if (track.state !== 'lost') return true;
      const keepMs = (track.standing() ? o.stationaryLostSeconds : o.lostSeconds) * 1000;
      return tMs - track.lastSeenMs <= keepMs;
    });
  }
}
