import { roundBox, unionBox } from '../geometry/box-math.js';
import type { Box } from '../detect/detection.js';
import type { TrackView } from '../track/track.js';
import type { ZoneArea } from '../zones/zone-area.js';
import { REPORTED_CASE_MEMORY_MS, type RuleCases } from './reported-cases.js';
import type { ViolationEvent } from './violation-event.js';
import { FINISH_UNSEEN_SECONDS, FRAME_GAP_SECONDS, type RuleFrame, type ZoneRule } from './zone-rule.js';

export interface SidewalkEncroachmentConfig {
  graceSeconds: number;
  classes: readonly string[];
  clearSeconds: number;
}

/*
 * A moving motorbike or car on a sidewalk is a traffic matter, not encroachment; parked ones
 * take the space. These classes count only while the tracker says they are stationary. Persons
 * and furniture count by how long they have been in the zone, whether or not they keep still
 * (a vendor moves around the stall).
 */
const PARKED_ONLY = new Set(['motorcycle', 'bicycle', 'car', 'truck', 'bus']);
/** The remembered case of an episode is one per zone; its `family` says so. */
const EPISODE_FAMILY = 'episode';
const NO_BOX: Box = { x1: 0, y1: 0, x2: 0, y2: 0 };

interface Presence {
  enteredMs: number;
  track: TrackView;
}

interface Episode {
  key: string;
  startedAtMs: number;
  triggeredAtMs: number;
  lastOccupiedMs: number;
  members: Map<number, TrackView>;
}

/** Persons and stall-like objects staying in the zone: one violation per zone episode. */
export class SidewalkEncroachmentRule implements ZoneRule {
  readonly type = 'sidewalk_encroachment' as const;
  readonly zoneId: string;
  private readonly classes: ReadonlySet<string>;
  private readonly graceMs: number;
  private readonly clearMs: number;
  private presence = new Map<number, Presence>();
  private episode: Episode | undefined;
  /**
   * The zone's episode reported before a restart or a zone edit, while the zone is occupied
   * again and no episode of this rule runs: once something stays the grace time, the episode
   * goes on as that case instead of being reported again.
   */
  private claim: string | undefined;
  /** Since when the zone has been empty while no episode of this rule runs. */
  private clearSinceMs: number | undefined;
  private lastFrameMs = Number.NEGATIVE_INFINITY;
  /** The first frame after a gap in the frames: the clear time counts from there. */
  private resumedAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly cameraId: string,
    private readonly zone: ZoneArea,
    config: SidewalkEncroachmentConfig,
    private readonly cases: RuleCases,
  ) {
    this.zoneId = zone.id;
    this.classes = zone.ruleClasses(config.classes);
    this.graceMs = config.graceSeconds * 1000;
    this.clearMs = config.clearSeconds * 1000;
  }

  update(frame: RuleFrame): ViolationEvent[] {
    const events: ViolationEvent[] = [];
    const activeSince = frame.activeSinceMs;
    // A gap in the frames says nothing about the zone: the clear time counts from the first frame
    // back. After a gap longer than REPORTED_CASE_MEMORY_MS the zone may hold another episode.
    const gapMs = frame.nowMs - this.lastFrameMs;
    if (gapMs > FRAME_GAP_SECONDS * 1000 && gapMs <= REPORTED_CASE_MEMORY_MS) this.resumedAtMs = frame.nowMs;
    this.lastFrameMs = frame.nowMs;
    if (activeSince === undefined) {
      this.presence.clear();
      if (this.episode !== undefined) events.push(this.close(this.episode));
      // The ban is over, and with it an episode reported before.
      this.forgetEarlierEpisode(frame.nowMs);
      return events;
    }
    const next = new Map<number, Presence>();
    for (const track of frame.tracks) {
      if (track.state === 'tentative' || !this.zone.accepts(track.box, track.className, this.classes)) continue;
      const parkedOnly = PARKED_ONLY.has(track.className);
      if (parkedOnly && (!track.stationary || track.stationarySinceMs === undefined)) continue;
      const since = parkedOnly ? (track.stationarySinceMs ?? frame.nowMs) : frame.nowMs;
      const enteredMs = this.presence.get(track.id)?.enteredMs ?? Math.max(since, activeSince);
      next.set(track.id, { enteredMs, track });
    }
    this.presence = next;

    const staying = [...next.values()].filter((p) => p.track.lastSeenMs - p.enteredMs >= this.graceMs);
    // Once an episode runs, anything settled in the zone keeps it going, even before its own grace.
    const settled = [...next.values()].filter((p) => p.track.stationary);
    if (this.episode === undefined) this.followClaim([...next.values()], frame.nowMs);
    if (this.episode === undefined && staying.length > 0) {
      const startedAtMs = Math.min(...staying.map((p) => p.enteredMs));
      const members = new Map([...staying, ...settled].map((p) => [p.track.id, p.track]));
      const claimed = this.claim === undefined ? undefined : this.cases.get(this.claim);
      this.claim = undefined;
      if (claimed !== undefined) {
        this.episode = { key: claimed.key, startedAtMs: claimed.startedAtMs, triggeredAtMs: claimed.triggeredAtMs, lastOccupiedMs: lastSeen(staying), members };
        return events;
      }
      this.episode = { key: this.cases.nextKey(), startedAtMs, triggeredAtMs: startedAtMs + this.graceMs, lastOccupiedMs: lastSeen(staying), members };
      this.cases.remember({ key: this.episode.key, box: membersBox(members), family: EPISODE_FAMILY, startedAtMs, triggeredAtMs: this.episode.triggeredAtMs, lastSeenMs: this.episode.lastOccupiedMs });
      events.push(this.event(this.episode, 'triggered'));
      return events;
    }
    const episode = this.episode;
    if (episode === undefined) return events;
    for (const p of [...staying, ...settled]) episode.members.set(p.track.id, p.track);
    if (staying.length > 0 || settled.length > 0) {
      episode.lastOccupiedMs = Math.max(episode.lastOccupiedMs, lastSeen([...staying, ...settled]));
      this.cases.seen(episode.key, membersBox(episode.members), episode.lastOccupiedMs);
    } else if (frame.nowMs - Math.max(episode.lastOccupiedMs, this.resumedAtMs) >= this.clearMs) events.push(this.close(episode));
    return events;
  }

  /**
   * Before an episode of this rule runs: the zone occupied again claims the episode reported
   * before a restart or a zone edit (and keeps it remembered); the zone clear for the clear time
   * means that episode is over.
   */
  private followClaim(present: readonly Presence[], nowMs: number): void {
    if (present.length > 0) {
      this.clearSinceMs = undefined;
      this.claim ??= this.cases.find(nowMs, (c) => c.family === EPISODE_FAMILY)?.key;
      if (this.claim !== undefined) this.cases.seen(this.claim, unionBox(present.map((p) => p.track.box)) ?? NO_BOX, lastSeen(present));
      return;
    }
    this.clearSinceMs ??= nowMs;
    if (nowMs - Math.max(this.clearSinceMs, this.resumedAtMs) >= this.clearMs) this.forgetEarlierEpisode(nowMs);
  }

  private forgetEarlierEpisode(nowMs: number): void {
    const over = this.claim ?? this.cases.find(nowMs, (c) => c.family === EPISODE_FAMILY)?.key;
    if (over !== undefined) this.cases.forget(over);
    this.claim = undefined;
  }

  finish(nowMs: number): ViolationEvent[] {
    const episode = this.episode;
    if (episode === undefined || nowMs - episode.lastOccupiedMs < FINISH_UNSEEN_SECONDS * 1000) return [];
    return [this.close(episode)];
  }

  private close(episode: Episode): ViolationEvent {
    this.episode = undefined;
    this.cases.forget(episode.key);
    return this.event(episode, 'ended', episode.lastOccupiedMs);
  }

  private event(episode: Episode, phase: ViolationEvent['phase'], endedAtMs?: number): ViolationEvent {
    const members = [...episode.members.values()].sort((a, b) => a.id - b.id);
    const boxes: Box[] = members.map((m) => roundBox(m.box));
    return {
      phase,
      key: episode.key,
      rule: this.type,
      cameraId: this.cameraId,
      zoneId: this.zoneId,
      classes: [...new Set(members.map((m) => m.className))].sort(),
      trackIds: members.map((m) => m.id),
      scores: members.map((m) => Math.round(m.score * 1000) / 1000),
      startedAtMs: episode.startedAtMs,
      triggeredAtMs: episode.triggeredAtMs,
      ...(endedAtMs === undefined ? {} : { endedAtMs }),
      bbox: unionBox(boxes) ?? NO_BOX,
      boxes,
    };
  }
}

function lastSeen(presences: readonly Presence[]): number {
  return Math.max(...presences.map((p) => p.track.lastSeenMs));
}

function membersBox(members: ReadonlyMap<number, TrackView>): Box {
  return unionBox([...members.values()].map((m) => m.box)) ?? NO_BOX;
}
