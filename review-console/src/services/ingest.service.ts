import { agentHeartbeatV1, parseWith, violationJobV1, type AgentHeartbeat, type MediaKind, type ViolationJob } from '@wardwatch/contracts';
import { heartbeatSignedWith, violationJobSignedWith } from '@wardwatch/contracts/agent-signature';
import { InvalidJob, JobRejected, MediaNotYetUploaded } from '../domain/errors.js';
import type { AgentTable, CameraStatusTable, ViolationTable } from '../db/tables.js';
import type { AgentRepository } from '../repositories/agent.repository.js';
import type { CameraRepository } from '../repositories/camera.repository.js';
import type { MediaRepository } from '../repositories/media.repository.js';
import type { ViolationRepository } from '../repositories/violation.repository.js';

/** Agents are looked up on every job; a revoked agent stops within this long. */
const AGENT_CACHE_MS = 5_000;

/** An agent's clock may run ahead of the console's by minutes; an hour is a wrong clock, not drift. */
const MAX_AHEAD_MS = 3_600_000;

/** Where in a parsed job a string holds a NUL character (`cameraName`, `classes[1]`), if anywhere. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** How far from the console's clock a heartbeat older than the agent's last one may be and still count. */
const HEARTBEAT_FRESH_MS = 2 * 60_000;
/** Nothing was recorded before WardWatch existed: an older time is a camera or agent clock reset to its epoch. */
const EARLIEST_MS = Date.parse('2024-01-01T00:00:00Z');

/**
 * Turns queue payloads into stored cases and camera health. Throws JobRejected for a payload that
 * can never be stored (the worker gives up on it; InvalidJob when it breaks the contract itself)
 * and MediaNotYetUploaded when it should wait.
 */
export class IngestService {
  private readonly agentCache = new Map<string, { agent: AgentTable | undefined; until: number }>();

  constructor(
    private readonly violations: ViolationRepository,
    private readonly media: MediaRepository,
    private readonly agents: AgentRepository,
    private readonly cameras: CameraRepository,
    private readonly clock: () => Date,
  ) {}

  /** PostgreSQL cannot store a NUL in text: the insert would fail and be retried for ever as a passing fault. */
  private assertNoNul(job: ViolationJob): void {
    const path = nulPath(job, '');
    if (path !== undefined) throw new InvalidJob(`invalid violation job: ${path || '(root)'} contains a NUL character`);
  }

  /** A case from the far future would sit at the top of the queue for ever; one from before 2024 is a reset clock. */
  private assertSaneTimes(job: ViolationJob): void {
    const ahead = Date.parse(job.triggeredAt) - this.clock().getTime();
    if (ahead > MAX_AHEAD_MS) throw new JobRejected(`triggeredAt ${job.triggeredAt} is ${Math.round(ahead / 3_600_000)} h ahead of the console's clock (more than 1 h: the agent's clock is wrong)`);
    if (Date.parse(job.startedAt) < EARLIEST_MS) throw new JobRejected(`startedAt ${job.startedAt} is before 2024 (the agent's clock was reset)`);
  }

  async ingestViolation(payload: unknown): Promise<{ result: 'created' | 'duplicate'; job: ViolationJob }> {
    const parsed = parseWith(violationJobV1, payload);
    if (!parsed.ok) throw new InvalidJob(`invalid violation job: ${parsed.errors.join('; ')}`, parsed.errors);
    const job = parsed.value;
    this.assertNoNul(job);
    this.assertSaneTimes(job);
    const agent = await this.assertAgentOwnsWard(job.agentId, job.ward);
    // Every agent can write to the queue; only the agent's own token can sign for it.
    if (!violationJobSignedWith(job, agent.token_hash)) {
      throw new JobRejected(`violation job of agent ${job.agentId} is ${job.signature ? 'not signed with its token (altered in the queue, or made up by another client)' : 'unsigned'}; not stored`);
    }
    const stored = await this.media.forViolation(job.violationId);
    for (const kind of ['clip', 'snapshot'] as const satisfies readonly MediaKind[]) {
      const ref = job.media[kind];
      const file = stored.find((m) => m.kind === kind);
      if (!file) throw new MediaNotYetUploaded(`the ${kind} of violation ${job.violationId} has not been uploaded yet`);
      if (file.agent_id !== job.agentId) throw new JobRejected(`the ${kind} of violation ${job.violationId} was uploaded by another agent`);
      if (file.sha256 !== ref.sha256 || Number(file.bytes) !== ref.bytes) {
        throw new JobRejected(`the ${kind} of violation ${job.violationId} does not match the upload (sha256 or size differs)`);
      }
    }
    const result = await this.violations.insertIfAbsent(toRow(job, this.clock().toISOString()));
    return { result, job };
  }

  async ingestHeartbeat(payload: unknown): Promise<AgentHeartbeat> {
    const parsed = parseWith(agentHeartbeatV1, payload);
    if (!parsed.ok) throw new InvalidJob(`invalid heartbeat: ${parsed.errors.join('; ')}`, parsed.errors);
    const beat = parsed.value;
    const agent = await this.assertAgentOwnsWard(beat.agentId, beat.ward);
    // Every agent can write to the heartbeat queue; only the agent's own token can sign for it.
    if (!heartbeatSignedWith(beat, agent.token_hash)) {
      throw new JobRejected(`heartbeat of agent ${beat.agentId} is ${beat.signature ? 'not signed with its token' : 'unsigned'}; camera health left as it was`);
    }
    const now = this.clock().toISOString();
    const previous = new Map((await this.cameras.forAgent(beat.agentId)).map((row) => [row.camera_id, row]));
    this.assertFresh(beat, [...previous.values()].map((row) => row.sent_at));
    const rows: CameraStatusTable[] = beat.cameras.map((camera) => {
      const before = previous.get(camera.id);
      const gap = before ? Date.parse(beat.sentAt) - Date.parse(before.sent_at) : null;
      return {
        agent_id: beat.agentId,
        camera_id: camera.id,
        ward_id: beat.ward,
        name: camera.name,
        state: camera.state,
        fps: camera.fps,
        last_frame_at: camera.lastFrameAt === undefined ? null : new Date(camera.lastFrameAt).toISOString(),
        last_error: camera.lastError ?? null,
        restarts: camera.restarts,
        record_state: camera.record?.state ?? null,
        record_error: camera.record?.lastError ?? null,
        agent_version: beat.agentVersion,
        outbox_pending: beat.outboxPending,
        sent_at: new Date(beat.sentAt).toISOString(),
        received_at: now,
        // A stale or reordered heartbeat says nothing about the interval; keep the last good one.
        interval_ms: gap !== null && gap > 0 ? gap : (before?.interval_ms ?? null),
      };
    });
    await this.cameras.upsertMany(rows);
    // What the agent runs (`v7` or a local file's hash) is how the console spots agents lagging behind.
    await this.agents.recordHeartbeat(beat.agentId, now, new Date(beat.sentAt).toISOString(), beat.configVersion);
    return beat;
  }

  /**
   * A heartbeat no newer than the agent's last one, from well away from the console's clock, is a
   * copy put back in the queue (a replay) or one that waited out an outage: either way it must not
   * make the agent look alive. One from near the console's clock passes even if older (an agent
   * clock that ran ahead and was set right). "Its last one" is what its cameras' rows say, on the
   * agent's own clock: `running_reported_at` is also stamped by syncs with the console's time, and
   * an agent whose clock runs behind would never be newer than that.
   */
  private assertFresh(beat: AgentHeartbeat, cameraSentAt: readonly string[]): void {
    const last = Math.max(...cameraSentAt.map((at) => Date.parse(at)));
    const sent = Date.parse(beat.sentAt);
    const off = Math.abs(this.clock().getTime() - sent);
    if (sent <= last && off > HEARTBEAT_FRESH_MS) {
      throw new JobRejected(`heartbeat of agent ${beat.agentId} sent at ${beat.sentAt} is no newer than its last one and ${Math.round(off / 60_000)} min off the console's clock: a replay or a late copy; ignored`);
    }
  }

  private async assertAgentOwnsWard(agentId: string, ward: string): Promise<AgentTable> {
    const agent = await this.agent(agentId);
    if (!agent || agent.revoked_at !== null) throw new JobRejected(`agent ${agentId} is not registered (or was revoked)`);
    if (agent.ward_id !== ward) throw new JobRejected(`agent ${agentId} belongs to ward ${agent.ward_id}, not ${ward}`);
    return agent;
  }

  private async agent(id: string): Promise<AgentTable | undefined> {
    const now = Date.now();
    const cached = this.agentCache.get(id);
    if (cached && cached.until > now) return cached.agent;
    const agent = await this.agents.get(id);
    this.agentCache.set(id, { agent, until: now + AGENT_CACHE_MS });
    return agent;
  }
}

function iso(text: string): string {
  return new Date(text).toISOString();
}

export function toRow(job: ViolationJob, receivedAt: string): ViolationTable {
  return {
    id: job.violationId,
    ward_id: job.ward,
    camera_id: job.cameraId,
    camera_name: job.cameraName,
    agent_id: job.agentId,
    agent_version: job.agentVersion,
    rule_type: job.ruleType,
    zone_id: job.zoneId,
    zone_name: job.zoneName ?? null,
    classes_json: JSON.stringify(job.classes),
    scores_json: JSON.stringify(job.scores),
    track_ids_json: JSON.stringify(job.trackIds),
    bbox_json: JSON.stringify(job.bbox),
    boxes_json: JSON.stringify(job.boxes),
    started_at: iso(job.startedAt),
    triggered_at: iso(job.triggeredAt),
    ended_at: job.endedAt === undefined ? null : iso(job.endedAt),
    clip_sha256: job.media.clip.sha256,
    clip_bytes: job.media.clip.bytes,
    clip_duration: job.media.clip.durationSeconds ?? null,
    clip_shortfall_json: job.media.clip.shortfall === undefined ? null : JSON.stringify(job.media.clip.shortfall),
    clip_marks_json: job.media.clip.marks === undefined ? null : JSON.stringify(job.media.clip.marks),
    snapshot_sha256: job.media.snapshot.sha256,
    snapshot_bytes: job.media.snapshot.bytes,
    model_name: job.model.name,
    model_sha256: job.model.sha256,
    status: 'pending',
    received_at: receivedAt,
    decision: null,
    decision_reason: null,
    decision_note: null,
    plate: null,
    decided_by: null,
    decided_at: null,
    decision_seconds: null,
    purged_at: null,
  };
}
