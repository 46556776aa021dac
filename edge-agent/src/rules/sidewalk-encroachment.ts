import { roundBox, unionBox } from '../core/box-math.js';
import type { Box } from '../detect/detection.js';
import type { TrackView } from '../track/track.js';
import type { ZoneArea } from '../zones/zone-area.js';
import { violationKey, type ViolationEvent } from './violation-event.js';
import { FINISH_UNSEEN_SECONDS, type RuleFrame, type ZoneRule } from './zone-rule.js';

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
  private count = 0;

  constructor(
    private readonly cameraId: string,
    private readonly zone: ZoneArea,
    config: SidewalkEncroachmentConfig,
  ) {
    this.zoneId = zone.id;
    this.classes = zone.ruleClasses(config.classes);
    this.graceMs = config.graceSeconds * 1000;
    this.clearMs = config.clearSeconds * 1000;
  }

  update(frame: RuleFrame): ViolationEvent[] {
    const events: ViolationEvent[] = [];
    const activeSince = frame.activeSinceMs;
    if (activeSince === undefined) {
      this.presence.clear();
      if (this.episode !== undefined) events.push(this.close(this.episode));
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
    if (this.episode === undefined && staying.length > 0) {
      const startedAtMs = Math.min(...staying.map((p) => p.enteredMs));
      this.count += 1;
      this.episode = {
        key: violationKey(this.cameraId, this.zoneId, this.type, this.count),
        startedAtMs,
        triggeredAtMs: startedAtMs + this.graceMs,
        lastOccupiedMs: lastSeen(staying),
        members: new Map([...staying, ...settled].map((p) => [p.track.id, p.track])),
      };
      events.push(this.event(this.episode, 'triggered'));
      return events;
    }
    const episode = this.episode;
    if (episode === undefined) return events;
    for (const p of [...staying, ...settled]) episode.members.set(p.track.id, p.track);
    if (staying.length > 0 || settled.length > 0) episode.lastOccupiedMs = Math.max(episode.lastOccupiedMs, lastSeen([...staying, ...settled]));
    else if (frame.nowMs - episode.lastOccupiedMs >= this.clearMs) events.push(this.close(episode));
    return events;
  }

  finish(nowMs: number): ViolationEvent[] {
    const episode = this.episode;
    if (episode === undefined || nowMs - episode.lastOccupiedMs < FINISH_UNSEEN_SECONDS * 1000) return [];
    return [this.close(episode)];
  }

  private close(episode: Episode): ViolationEvent {
    this.episode = undefined;
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
      bbox: unionBox(boxes) ?? { x1: 0, y1: 0, x2: 0, y2: 0 },
      boxes,
    };
  }
}

function lastSeen(presences: readonly Presence[]): number {
  return Math.max(...presences.map((p) => p.track.lastSeenMs));
}
