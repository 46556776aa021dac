import { iou, roundBox } from '../geometry/box-math.js';
import type { Box } from '../detect/detection.js';
import { classFamily, sameFamily } from '../detect/class-family.js';
import type { TrackView } from '../track/track.js';
import type { ZoneArea } from '../zones/zone-area.js';
import { REPORTED_CASE_MEMORY_MS, type RuleCases } from './reported-cases.js';
import type { ViolationEvent } from './violation-event.js';
import { FINISH_UNSEEN_SECONDS, FRAME_GAP_SECONDS, type RuleFrame, type ZoneRule } from './zone-rule.js';

export interface IllegalParkingConfig {
  graceSeconds: number;
  classes: readonly string[];
  renotifyMinutes?: number | undefined;
}

/*
 * A reported stay survives this long without a qualifying track before it is closed, and a
 * track that appears where it was (IoU >= STAY_REJOIN_IOU, same family) takes it over: after a
 * long occlusion or a detector gap the tracker may hand the same parked car a new id, and a
 * ward must not get a second report for it.
 */
const STAY_END_SECONDS = 5;
const STAY_REJOIN_IOU = 0.5;
/*
 * After a gap in the frames (FRAME_GAP_SECONDS: a camera reconnecting), and when the rule starts
 * (after an agent restart or a zone edit), a reported car waits this long for a track to find
 * it again: its stay, or the remembered case of a stay of the rule this one replaced. A new track
 * needs the tracker's stationary window (3 s) before it qualifies, and the first seconds of a
 * stream may miss the car. A car not found by then left while nobody watched; its case is over.
 * Gaps longer than REPORTED_CASE_MEMORY_MS end stays as before: by then it may be another car.
 */
const STAY_RESUME_SECONDS = 10;

interface Stay {
  trackIds: Set<number>;
  className: string;
  box: Box;
  score: number;
  startedAtMs: number;
  lastOkMs: number;
  key: string | undefined;
  /** A remembered case of this car (reported before a restart or a zone edit), continued instead of reported again. */
  claim: string | undefined;
  triggeredAtMs: number | undefined;
  lastNotifiedMs: number;
  /** Qualified in the latest frame (a stay that did not is waiting to be closed). */
  ok: boolean;
}

/** A vehicle stationary inside the zone for the grace time: one violation per stay. */
export class IllegalParkingRule implements ZoneRule {
  readonly type = 'illegal_parking' as const;
  readonly zoneId: string;
  private readonly classes: ReadonlySet<string>;
  private readonly graceMs: number;
  private readonly renotifyMs: number | undefined;
  private stays: Stay[] = [];
  private lastFrameMs = Number.NEGATIVE_INFINITY;
  /** The first frame, or the first after a gap in the frames (see STAY_RESUME_SECONDS). */
  private resumedAtMs = Number.NEGATIVE_INFINITY;
  /** Remembered cases no stay holds are still waiting for their car (see STAY_RESUME_SECONDS). */
  private awaitingCars = false;

  constructor(
    private readonly cameraId: string,
    private readonly zone: ZoneArea,
    config: IllegalParkingConfig,
    private readonly cases: RuleCases,
  ) {
    this.zoneId = zone.id;
    this.classes = zone.ruleClasses(config.classes);
    this.graceMs = config.graceSeconds * 1000;
    this.renotifyMs = config.renotifyMinutes === undefined ? undefined : config.renotifyMinutes * 60_000;
  }

  update(frame: RuleFrame): ViolationEvent[] {
    const events: ViolationEvent[] = [];
    const activeSince = frame.activeSinceMs;
    const gapMs = frame.nowMs - this.lastFrameMs;
    if (this.lastFrameMs === Number.NEGATIVE_INFINITY || (gapMs > FRAME_GAP_SECONDS * 1000 && gapMs <= REPORTED_CASE_MEMORY_MS)) {
      this.resumedAtMs = frame.nowMs;
      this.awaitingCars = true;
    }
    this.lastFrameMs = frame.nowMs;
    const okStays = new Set<Stay>();
    if (activeSince !== undefined) {
      for (const track of frame.tracks) {
        if (!this.qualifies(track) || track.stationarySinceMs === undefined) continue;
        const stay = this.stayFor(track, Math.max(track.stationarySinceMs, activeSince), frame.nowMs);
        stay.trackIds.add(track.id);
        stay.box = track.box;
        stay.score = track.score;
        stay.className = track.className;
        stay.lastOkMs = Math.max(stay.lastOkMs, track.lastSeenMs);
        okStays.add(stay);
      }
    }
    for (const stay of this.stays) stay.ok = okStays.has(stay);
    for (const stay of okStays) {
      this.checkTrigger(stay, frame.nowMs, events);
      const held = stay.key ?? stay.claim;
      if (held !== undefined) this.cases.seen(held, stay.box, stay.lastOkMs);
    }
    this.stays = this.stays.filter((stay) => {
      if (okStays.has(stay)) return true;
      // Off-schedule, or an unreported stay that stopped qualifying: nothing to keep.
      if (activeSince === undefined || stay.key === undefined) {
        if (stay.key !== undefined) events.push(this.end(stay));
        return false;
      }
      if (frame.nowMs < Math.max(stay.lastOkMs + STAY_END_SECONDS * 1000, this.resumedAtMs + STAY_RESUME_SECONDS * 1000)) return true;
      events.push(this.end(stay));
      return false;
    });
    if (this.awaitingCars && frame.nowMs >= this.resumedAtMs + STAY_RESUME_SECONDS * 1000) {
      this.awaitingCars = false;
      for (const c of this.cases.list()) if (!this.holds(c.key)) this.cases.forget(c.key);
    }
    return events;
  }

  /**
   * Stays still going keep their remembered case: the rule that replaces this one (a zone edit)
   * or the next run of the camera continues them.
   */
  finish(nowMs: number): ViolationEvent[] {
    const events = this.stays.filter((s) => s.key !== undefined && (!s.ok || nowMs - s.lastOkMs >= FINISH_UNSEEN_SECONDS * 1000)).map((s) => this.end(s));
    this.stays = [];
    return events;
  }

  private qualifies(track: TrackView): boolean {
    return track.state !== 'tentative' && track.stationary && this.zone.accepts(track.box, track.className, this.classes);
  }

  private stayFor(track: TrackView, startMs: number, nowMs: number): Stay {
    const own = this.stays.find((s) => s.trackIds.has(track.id));
    if (own !== undefined) return own;
    // Unreported stays are kept only while they qualify, so overlapping one is the same vehicle
    // now (a second track on it); a reported one may be waiting out a gap.
    const rejoin = this.stays.find((s) => sameFamily(s.className, track.className) && iou(s.box, track.box) >= STAY_REJOIN_IOU);
    if (rejoin !== undefined) return rejoin;
    const stay: Stay = {
      trackIds: new Set(),
      className: track.className,
      box: track.box,
      score: track.score,
      startedAtMs: startMs,
      lastOkMs: track.lastSeenMs,
      key: undefined,
      claim: this.cases.find(nowMs, (c) => c.family === classFamily(track.className) && iou(c.box, track.box) >= STAY_REJOIN_IOU && !this.holds(c.key))?.key,
      triggeredAtMs: undefined,
      lastNotifiedMs: 0,
      ok: true,
    };
    this.stays.push(stay);
    return stay;
  }

  private checkTrigger(stay: Stay, nowMs: number, events: ViolationEvent[]): void {
    if (stay.key === undefined) {
      if (nowMs - stay.startedAtMs < this.graceMs) return;
      const claimed = stay.claim === undefined ? undefined : this.cases.get(stay.claim);
      if (claimed !== undefined) {
        this.adopt(stay, claimed, nowMs);
        return;
      }
      stay.key = this.cases.nextKey();
      stay.triggeredAtMs = stay.startedAtMs + this.graceMs;
      stay.lastNotifiedMs = stay.triggeredAtMs;
      this.cases.remember({ key: stay.key, box: stay.box, family: classFamily(stay.className), startedAtMs: stay.startedAtMs, triggeredAtMs: stay.triggeredAtMs, lastSeenMs: stay.lastOkMs });
      events.push(this.event(stay, 'triggered', stay.triggeredAtMs));
      return;
    }
    if (this.renotifyMs === undefined) return;
    while (nowMs - stay.lastNotifiedMs >= this.renotifyMs) {
      stay.lastNotifiedMs += this.renotifyMs;
      events.push(this.event(stay, 'renotified', stay.lastNotifiedMs));
    }
  }

  /**
   * The car of a case reported before (by the rule this one replaced, or before a restart): the
   * stay goes on as that case, with no new report. Re-notifications keep the case's schedule;
   * those that fell due while nobody watched are not sent late (there is no footage of them).
   */
  private adopt(stay: Stay, claimed: { key: string; startedAtMs: number; triggeredAtMs: number }, nowMs: number): void {
    stay.key = claimed.key;
    stay.claim = undefined;
    stay.startedAtMs = Math.min(stay.startedAtMs, claimed.startedAtMs);
    stay.triggeredAtMs = claimed.triggeredAtMs;
    const due = this.renotifyMs === undefined ? 0 : Math.floor((nowMs - claimed.triggeredAtMs) / this.renotifyMs);
    stay.lastNotifiedMs = claimed.triggeredAtMs + Math.max(0, due) * (this.renotifyMs ?? 0);
  }

  private holds(key: string): boolean {
    return this.stays.some((s) => s.key === key || s.claim === key);
  }

  /** The stay is over: its case is closed and no longer remembered. */
  private end(stay: Stay): ViolationEvent {
    if (stay.key !== undefined) this.cases.forget(stay.key);
    return this.event(stay, 'ended', stay.triggeredAtMs ?? stay.lastOkMs, stay.lastOkMs);
  }

  private event(stay: Stay, phase: ViolationEvent['phase'], triggeredAtMs: number, endedAtMs?: number): ViolationEvent {
    const box = roundBox(stay.box);
    return {
      phase,
      key: stay.key ?? '',
      rule: this.type,
      cameraId: this.cameraId,
      zoneId: this.zoneId,
      classes: [stay.className],
      trackIds: [...stay.trackIds].sort((a, b) => a - b),
      scores: [Math.round(stay.score * 1000) / 1000],
      startedAtMs: stay.startedAtMs,
      triggeredAtMs,
      ...(endedAtMs === undefined ? {} : { endedAtMs }),
      bbox: box,
      boxes: [box],
    };
  }
}
