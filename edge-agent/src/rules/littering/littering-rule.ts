import { boxWidth, coverage, iou, pointToBoxDistance, roundBox, unionBox } from '../../geometry/box-math.js';
import type { Box } from '../../detect/detection.js';
import { classFamily } from '../../detect/class-family.js';
import type { ZoneArea } from '../../zones/zone-area.js';
import type { RuleCases } from '../reported-cases.js';
import type { ViolationEvent } from '../violation-event.js';
import { FINISH_UNSEEN_SECONDS, type RuleFrame, type ZoneRule } from '../zone-rule.js';
import { groupFragments } from './blob-groups.js';

export interface LitteringConfig {
  graceSeconds: number;
  classes: readonly string[];
  minAreaFraction: number;
}

/*
 * The AVSS 2007 left-luggage convention: the owner has left once no person is within about
 * twice the object's width; that must hold for OWNER_GONE_SECONDS so a standing owner the
 * detector misses for a frame or two does not count as gone.
 */
const OWNER_DISTANCE_WIDTHS = 2;
const OWNER_GONE_SECONDS = 2;
/** Persons seen this recently still count as near (the tracker keeps occluded ones a while). */
const PERSON_MEMORY_SECONDS = 1.5;
/** A person box covering this much of a candidate means the candidate may be the person. */
const PERSON_COVER = 0.5;
/**
 * A candidate covered by a person for at least this share of its life is a person standing
 * still (the detector sometimes misses them), not an object.
 */
const PERSON_LIKE_SHARE = 0.5;
/** A candidate unseen this long is gone (picked up); short gaps are flicker. */
const CANDIDATE_GONE_SECONDS = 2;
const MATCH_IOU = 0.3;
// Classes that are other rules' business: a motorbike parked on the sidewalk is not litter.
const NOT_LITTER = new Set(['person', 'vehicle', 'two-wheeler']);

interface Candidate {
  /** Everything seen of the object lately: fragments of it flicker in and out frame by frame. */
  box: Box;
  sightings: { atMs: number; box: Box }[];
  appearedAtMs: number;
  lastSeenMs: number;
  lastUpdateMs: number;
  personCoveredMs: number;
  observedMs: number;
  ownerGoneSinceMs: number | undefined;
  classes: Set<string>;
  trackIds: Set<number>;
  score: number;
  key: string | undefined;
  /** A remembered case of this object (reported before a restart or a zone edit), continued instead of reported again. */
  claim: string | undefined;
  triggeredAtMs: number | undefined;
}

/** Left objects in the zone: static foreground blobs and still COCO objects whose owner left. */
export class LitteringRule implements ZoneRule {
  readonly type = 'littering' as const;
  readonly zoneId: string;
  private readonly classes: ReadonlySet<string>;
  private readonly graceMs: number;
  private readonly minAreaFraction: number;
  private candidates: Candidate[] = [];

  constructor(
    private readonly cameraId: string,
    private readonly zone: ZoneArea,
    config: LitteringConfig,
    private readonly cases: RuleCases,
  ) {
    this.zoneId = zone.id;
    this.classes = zone.ruleClasses(config.classes);
    this.graceMs = config.graceSeconds * 1000;
    this.minAreaFraction = config.minAreaFraction;
  }

  update(frame: RuleFrame): ViolationEvent[] {
    const events: ViolationEvent[] = [];
    const now = frame.nowMs;
    if (frame.activeSinceMs === undefined) {
      for (const c of this.candidates) if (c.key !== undefined) events.push(this.end(c));
      this.candidates = [];
      return events;
    }
    const activeSince = frame.activeSinceMs;
    const persons = this.personBoxes(frame);
    const others = frame.tracks.filter((t) => t.state !== 'tentative' && NOT_LITTER.has(classFamily(t.className)) && t.className !== 'person').map((t) => t.box);
    const seen = new Set<Candidate>();

    const blobs = groupFragments(frame.blobs.filter((blob) => !others.some((b) => coverage(blob.box, b) >= 0.5)));
    for (const blob of blobs) {
      if (blob.areaFraction < this.minAreaFraction || !this.zone.contains(blob.box)) continue;
      const c = this.candidateFor(blob.box, Math.max(blob.appearedAtMs, activeSince), now, events);
      this.sight(c, blob.box, now);
      c.score = Math.max(c.score, blob.contrast);
      seen.add(c);
    }
    for (const track of frame.tracks) {
      if (track.state === 'tentative' || !track.stationary || track.stationarySinceMs === undefined) continue;
      if (!this.zone.accepts(track.box, track.className, this.classes)) continue;
      const c = this.candidateFor(track.box, Math.max(track.stationarySinceMs, activeSince), now, events);
      if (c.sightings.length === 0) this.sight(c, track.box, now);
      c.classes.add(track.className);
      c.trackIds.add(track.id);
      c.score = Math.max(c.score, track.score);
      seen.add(c);
    }

    for (const c of seen) {
      const dt = now - c.lastUpdateMs;
      c.lastUpdateMs = now;
      c.lastSeenMs = now;
      c.observedMs += dt;
      if (persons.some((p) => coverage(c.box, p) >= PERSON_COVER)) c.personCoveredMs += dt;
      const cx = (c.box.x1 + c.box.x2) / 2;
      const cy = (c.box.y1 + c.box.y2) / 2;
      const reach = OWNER_DISTANCE_WIDTHS * boxWidth(c.box);
      const ownerNear = persons.some((p) => pointToBoxDistance(cx, cy, p, frame.aspect) <= reach);
      if (ownerNear) c.ownerGoneSinceMs = undefined;
      else c.ownerGoneSinceMs ??= now;
      if (c.key === undefined && this.due(c, now)) this.trigger(c, now, events);
      const held = c.key ?? c.claim;
      if (held !== undefined) this.cases.seen(held, c.box, now);
    }

    this.candidates = this.candidates.filter((c) => {
      if (now - c.lastSeenMs < CANDIDATE_GONE_SECONDS * 1000) return true;
      if (c.key !== undefined) events.push(this.end(c));
      return false;
    });
    return events;
  }

  /** Objects still there keep their remembered case, for the rule that replaces this one or the camera's next run. */
  finish(nowMs: number): ViolationEvent[] {
    const events = this.candidates.filter((c) => c.key !== undefined && nowMs - c.lastSeenMs >= FINISH_UNSEEN_SECONDS * 1000).map((c) => this.end(c));
    this.candidates = [];
    return events;
  }

  /** A new case, or the object of a case reported before (a restart, a zone edit) going on as that case. */
  private trigger(c: Candidate, now: number, events: ViolationEvent[]): void {
    const claimed = c.claim === undefined ? undefined : this.cases.get(c.claim);
    c.claim = undefined;
    if (claimed !== undefined) {
      c.key = claimed.key;
      c.appearedAtMs = Math.min(c.appearedAtMs, claimed.startedAtMs);
      c.triggeredAtMs = claimed.triggeredAtMs;
      return;
    }
    c.key = this.cases.nextKey();
    c.triggeredAtMs = now;
    this.cases.remember({ key: c.key, box: c.box, family: caseFamily(c), startedAtMs: c.appearedAtMs, triggeredAtMs: now, lastSeenMs: now });
    events.push(this.event(c, 'triggered'));
  }

  /** The object is gone: its case is closed and no longer remembered. */
  private end(c: Candidate): ViolationEvent {
    if (c.key !== undefined) this.cases.forget(c.key);
    return this.event(c, 'ended', c.lastSeenMs);
  }

  /**
   * The grace time runs from the moment the object was left alone: an owner standing beside
   * their bag is not littering, however long they stand there. The case still starts when the
   * object was set down, so its clip shows who left it.
   */
  private due(c: Candidate, now: number): boolean {
    if (c.ownerGoneSinceMs === undefined || now - c.ownerGoneSinceMs < OWNER_GONE_SECONDS * 1000) return false;
    if (now - Math.max(c.appearedAtMs, c.ownerGoneSinceMs) < this.graceMs) return false;
    return c.observedMs === 0 || c.personCoveredMs / c.observedMs < PERSON_LIKE_SHARE;
  }

  private personBoxes(frame: RuleFrame): Box[] {
    const boxes = frame.tracks
      .filter((t) => t.className === 'person' && t.state !== 'tentative' && frame.nowMs - t.lastSeenMs <= PERSON_MEMORY_SECONDS * 1000)
      .map((t) => t.box);
    for (const d of frame.detections) if (d.className === 'person') boxes.push(d.box);
    return boxes;
  }

  /**
   * The candidate a box belongs to. A box that overlaps several (the fragments of one object,
   * first seen apart, now seen together) merges them into one: the reported one if any, else
   * the oldest; a second reported one can only be ended (appended to `events`).
   */
  private candidateFor(box: Box, appearedAtMs: number, now: number, events: ViolationEvent[]): Candidate {
    // A blob inside an earlier candidate is what is left of it (part of a person who stood
    // there, a bag set down by them) and inherits its history.
    const overlapping = this.candidates.filter((c) => sameObject(c.box, box));
    if (overlapping.length > 0) {
      overlapping.sort((a, b) => Number(b.key !== undefined) - Number(a.key !== undefined) || a.appearedAtMs - b.appearedAtMs);
      const kept = overlapping[0]!;
      for (const other of overlapping.slice(1)) this.absorb(kept, other, events);
      return kept;
    }
    const c: Candidate = {
      box,
      sightings: [],
      appearedAtMs,
      lastSeenMs: now,
      lastUpdateMs: now,
      personCoveredMs: 0,
      observedMs: 0,
      ownerGoneSinceMs: undefined,
      classes: new Set(),
      trackIds: new Set(),
      score: 0,
      key: undefined,
      claim: this.cases.find(now, (r) => sameObject(r.box, box) && !this.candidates.some((o) => o.key === r.key || o.claim === r.key))?.key,
      triggeredAtMs: undefined,
    };
    this.candidates.push(c);
    return c;
  }

  private absorb(kept: Candidate, other: Candidate, events: ViolationEvent[]): void {
    if (other.key !== undefined) events.push(this.end(other));
    if (kept.key === undefined) {
      kept.appearedAtMs = Math.min(kept.appearedAtMs, other.appearedAtMs);
      kept.claim ??= other.claim;
    }
    kept.sightings.push(...other.sightings);
    kept.box = unionBox([kept.box, other.box])!;
    for (const name of other.classes) kept.classes.add(name);
    for (const id of other.trackIds) kept.trackIds.add(id);
    kept.score = Math.max(kept.score, other.score);
    this.candidates = this.candidates.filter((c) => c !== other);
  }

  /** The object's box is everything seen of it within the last CANDIDATE_GONE_SECONDS. */
  private sight(c: Candidate, box: Box, now: number): void {
    c.sightings = c.sightings.filter((s) => now - s.atMs < CANDIDATE_GONE_SECONDS * 1000);
    c.sightings.push({ atMs: now, box });
    c.box = unionBox(c.sightings.map((s) => s.box))!;
  }

  private event(c: Candidate, phase: ViolationEvent['phase'], endedAtMs?: number): ViolationEvent {
    const box = roundBox(c.box);
    return {
      phase,
      key: c.key ?? '',
      rule: this.type,
      cameraId: this.cameraId,
      zoneId: this.zoneId,
      classes: c.classes.size > 0 ? [...c.classes].sort() : ['object'],
      trackIds: [...c.trackIds].sort((a, b) => a - b),
      scores: [Math.round(c.score * 1000) / 1000],
      startedAtMs: Math.round(c.appearedAtMs),
      triggeredAtMs: c.triggeredAtMs ?? c.appearedAtMs + this.graceMs,
      ...(endedAtMs === undefined ? {} : { endedAtMs }),
      bbox: box,
      boxes: [box],
    };
  }
}

/** Fragments and sightings of one object overlap, or one lies mostly inside the other. */
function sameObject(a: Box, b: Box): boolean {
  return Math.max(iou(a, b), coverage(b, a), coverage(a, b)) >= MATCH_IOU;
}

/** What the object is, as far as the detector knows: one family when its classes agree. */
function caseFamily(c: Candidate): string {
  const families = new Set([...c.classes].map(classFamily));
  return families.size === 1 ? [...families][0]! : 'object';
}
