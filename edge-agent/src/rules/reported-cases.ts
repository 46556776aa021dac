import type { Box } from '../detect/detection.js';
import { violationKey, type RuleType } from './violation-event.js';

/** A case a rule reported, remembered while its object may still be there. Times are wall clock, ms. */
export interface ReportedCase {
  zoneId: string;
  rule: RuleType;
  /** The violation key of its events (`cameraId/zoneId/rule/n`). */
  key: string;
  /** Where the object was last seen (frame fractions); the union of the members for an episode. */
  box: Box;
  /** `classFamily` of the object (`object` for a left object of no known class, `episode` for encroachment). */
  family: string;
  startedAtMs: number;
  triggeredAtMs: number;
  lastSeenMs: number;
}

/*
 * How long a reported case is remembered after its object was last seen. A restart of the agent
 * (model load, ffmpeg and RTSP connect) takes well under a minute; a camera that drops is called
 * dead after 20 s without frames and retried with a backoff of at most 60 s (the watchdog
 * defaults), so a reboot of the camera comes back within two or three minutes. Five minutes
 * covers either with room to spare. Much longer and a different car parked in the same spot
 * after the first one left unseen would be taken for it, and the ward would not hear of it.
 */
export const REPORTED_CASE_MEMORY_MS = 5 * 60_000;

/**
 * `reported` and `forgotten` change what a restart would re-report (worth writing down at once);
 * `seen` only moves a live case's last sighting on; `expired` drops cases nobody can adopt any more.
 */
export type CaseChange = 'reported' | 'forgotten' | 'seen' | 'expired';

/** A remembered case as one rule sees it (its own zone and rule): times in that rule's frame clock. */
export type RememberedCase = Omit<ReportedCase, 'zoneId' | 'rule'>;

/**
 * What was reported on one camera, per zone and rule, for as long as the object stays: it lives
 * outside the rules and the analyzer (a restart, a reconnect or a zone edit makes new ones), so
 * a new rule that finds the same object again continues the old case instead of reporting it a
 * second time. Pure: the clock is passed in, and whoever keeps it on disk listens to `onChange`.
 */
export class ReportedCases {
  private cases: ReportedCase[];
  private readonly listeners = new Set<(change: CaseChange) => void>();

  constructor(
    readonly cameraId: string,
    cases: readonly ReportedCase[] = [],
  ) {
    this.cases = cases.map((c) => ({ ...c, box: { ...c.box } }));
  }

  /** Every remembered case (a copy, for the file). */
  list(): ReportedCase[] {
    return this.cases.map((c) => ({ ...c, box: { ...c.box } }));
  }

  onChange(listener: (change: CaseChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops the cases whose object was not seen for REPORTED_CASE_MEMORY_MS before `nowMs` (wall clock). */
  expire(nowMs: number): void {
    const kept = this.cases.filter((c) => nowMs - c.lastSeenMs <= REPORTED_CASE_MEMORY_MS);
    if (kept.length === this.cases.length) return;
    this.cases = kept;
    this.emit('expired');
  }

  /** The view of one rule of one zone; `wallClockOffsetMs` turns its frame clock into wall clock. */
  forRule(zoneId: string, rule: RuleType, wallClockOffsetMs: number): RuleCases {
    return new RuleCases(this, zoneId, rule, wallClockOffsetMs);
  }

  get(zoneId: string, rule: RuleType, key: string): ReportedCase | undefined {
    return this.cases.find((c) => c.zoneId === zoneId && c.rule === rule && c.key === key);
  }

  /** The most recently seen case of the zone and rule that `same` accepts, seen within the memory limit of `nowMs`. */
  find(zoneId: string, rule: RuleType, nowMs: number, same: (c: ReportedCase) => boolean): ReportedCase | undefined {
    let best: ReportedCase | undefined;
    for (const c of this.cases) {
      if (c.zoneId !== zoneId || c.rule !== rule || nowMs - c.lastSeenMs > REPORTED_CASE_MEMORY_MS || !same(c)) continue;
      if (best === undefined || c.lastSeenMs > best.lastSeenMs) best = c;
    }
    return best;
  }

  remember(reported: ReportedCase): void {
    this.cases = [...this.cases.filter((c) => !(c.zoneId === reported.zoneId && c.rule === reported.rule && c.key === reported.key)), { ...reported, box: { ...reported.box } }];
    this.emit('reported');
  }

  /** The case's object was seen at `atMs` (wall clock) in `box`. */
  seen(zoneId: string, rule: RuleType, key: string, box: Box, atMs: number): void {
    const c = this.get(zoneId, rule, key);
    if (c === undefined || atMs < c.lastSeenMs) return;
    c.lastSeenMs = atMs;
    c.box = { ...box };
    this.emit('seen');
  }

  forget(zoneId: string, rule: RuleType, key: string): void {
    const kept = this.cases.filter((c) => !(c.zoneId === zoneId && c.rule === rule && c.key === key));
    if (kept.length === this.cases.length) return;
    this.cases = kept;
    this.emit('forgotten');
  }

  private emit(change: CaseChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

/**
 * One rule's part of its camera's reported cases, in the rule's frame clock. It also numbers the
 * rule's new cases, skipping keys a remembered case still holds: a new rule counts from 1 again.
 */
export class RuleCases {
  private count = 0;

  constructor(
    private readonly cases: ReportedCases,
    readonly zoneId: string,
    readonly rule: RuleType,
    private readonly wallClockOffsetMs: number,
  ) {}

  /** A new key for a case of this zone and rule. */
  nextKey(): string {
    let key: string;
    do {
      this.count += 1;
      key = violationKey(this.cases.cameraId, this.zoneId, this.rule, this.count);
    } while (this.cases.get(this.zoneId, this.rule, key) !== undefined);
    return key;
  }

  /** The remembered case `same` accepts (most recently seen first), if it was seen within the memory limit of `nowMs`. */
  find(nowMs: number, same: (c: RememberedCase) => boolean): RememberedCase | undefined {
    const found = this.cases.find(this.zoneId, this.rule, this.wall(nowMs), (c) => same(this.local(c)));
    return found && this.local(found);
  }

  /** Every remembered case of this zone and rule. */
  list(): RememberedCase[] {
    return this.cases.list().filter((c) => c.zoneId === this.zoneId && c.rule === this.rule).map((c) => this.local(c));
  }

  /** The case with this key, while it is remembered. */
  get(key: string): RememberedCase | undefined {
    const found = this.cases.get(this.zoneId, this.rule, key);
    return found && this.local(found);
  }

  remember(c: RememberedCase): void {
    this.cases.remember({
      zoneId: this.zoneId,
      rule: this.rule,
      key: c.key,
      box: c.box,
      family: c.family,
      startedAtMs: this.wall(c.startedAtMs),
      triggeredAtMs: this.wall(c.triggeredAtMs),
      lastSeenMs: this.wall(c.lastSeenMs),
    });
  }

  seen(key: string, box: Box, atMs: number): void {
    this.cases.seen(this.zoneId, this.rule, key, box, this.wall(atMs));
  }

  forget(key: string): void {
    this.cases.forget(this.zoneId, this.rule, key);
  }

  private wall(frameMs: number): number {
    return frameMs + this.wallClockOffsetMs;
  }

  private local(c: ReportedCase): RememberedCase {
    const off = this.wallClockOffsetMs;
    return { key: c.key, box: { ...c.box }, family: c.family, startedAtMs: c.startedAtMs - off, triggeredAtMs: c.triggeredAtMs - off, lastSeenMs: c.lastSeenMs - off };
  }
}
