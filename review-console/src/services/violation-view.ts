import type { AuditEntry, CaseStatus, ViolationDetail, ViolationSummary } from '../api/api-types.js';
import type { RuleType } from '@wardwatch/contracts';
import type { ViolationTable } from '../db/tables.js';
import type { AuditRow } from '../repositories/audit.repository.js';

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** The decision as lists show it; `decidedByUsername` from a join (empty if that user is gone). */
function decisionOf(row: ViolationTable, decidedByUsername: string | null): ViolationSummary['decision'] {
  if (row.decision === null || row.decided_by === null || row.decided_at === null) return null;
  return {
    decision: row.decision as 'confirmed' | 'dismissed',
    reason: row.decision_reason ?? '',
    decidedBy: { id: row.decided_by, username: decidedByUsername ?? '' },
    decidedAt: row.decided_at,
  };
}

/**
 * The clip's address names the file it serves (a query the route ignores): when the H.264 viewing
 * copy replaces an H.265 clip, a player that loaded the original must not mix cached bytes of one
 * file with ranges of the other under the same URL (Chromium then stalls on the first frame).
 */
function clipUrl(id: string, servedSha256: string): string {
  return `/api/violations/${id}/clip?v=${servedSha256.slice(0, 12)}`;
}

export function toSummary(row: ViolationTable, decidedByUsername: string | null): ViolationSummary {
  return {
    id: row.id,
    ward: row.ward_id,
    cameraId: row.camera_id,
    cameraName: row.camera_name,
    ruleType: row.rule_type as RuleType,
    zoneId: row.zone_id,
    zoneName: row.zone_name,
    classes: JSON.parse(row.classes_json) as string[],
    bbox: JSON.parse(row.bbox_json) as ViolationSummary['bbox'],
    startedAt: row.started_at,
    triggeredAt: row.triggered_at,
    endedAt: row.ended_at,
    status: row.status as CaseStatus,
    receivedAt: row.received_at,
    decidedAt: row.decided_at,
    purged: row.purged_at !== null,
    purgedAt: row.purged_at,
    clipUrl: clipUrl(row.id, row.clip_sha256),
    snapshotUrl: `/api/violations/${row.id}/snapshot`,
    decision: decisionOf(row, decidedByUsername),
  };
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor_id === null ? null : { id: row.actor_id, username: row.actor_username ?? '' },
    action: row.action as AuditEntry['action'],
    violationId: row.violation_id,
    ward: row.ward_id,
    before: parseJson<unknown>(row.before_json),
    after: parseJson<unknown>(row.after_json),
  };
}

/** `viewingCopySha256`: the H.264 copy the clip address serves instead of the agent's clip, if any. */
export function toDetail(row: ViolationTable, history: AuditRow[], decidedByUsername: string | null, viewingCopySha256?: string): ViolationDetail {
  const brief = decisionOf(row, decidedByUsername);
  return {
    ...toSummary(row, decidedByUsername),
    ...(viewingCopySha256 === undefined ? {} : { clipUrl: clipUrl(row.id, viewingCopySha256) }),
    agentId: row.agent_id,
    agentVersion: row.agent_version,
    scores: JSON.parse(row.scores_json) as number[],
    trackIds: JSON.parse(row.track_ids_json) as number[],
    boxes: JSON.parse(row.boxes_json) as ViolationDetail['boxes'],
    clip:
      row.purged_at !== null
        ? null
        : {
            mime: 'video/mp4',
            bytes: Number(row.clip_bytes),
            sha256: row.clip_sha256,
            durationSeconds: row.clip_duration === null ? null : Number(row.clip_duration),
            shortfall: parseJson<NonNullable<ViolationDetail['clip']>['shortfall']>(row.clip_shortfall_json),
            marks: parseJson<NonNullable<ViolationDetail['clip']>['marks']>(row.clip_marks_json),
          },
    snapshot: row.purged_at !== null ? null : { mime: 'image/jpeg', bytes: Number(row.snapshot_bytes), sha256: row.snapshot_sha256, durationSeconds: null },
    model: { name: row.model_name, sha256: row.model_sha256 },
    decision: brief === null ? null : { ...brief, note: row.decision_note, plate: row.plate },
    history: history.map(toAuditEntry),
  };
}

/** What the audit log records as a case's before/after state. */
export function decisionState(row: Pick<ViolationTable, 'status' | 'decision' | 'decision_reason' | 'decision_note' | 'plate'>): Record<string, string | null> {
  return { status: row.status, decision: row.decision, reason: row.decision_reason, note: row.decision_note, plate: row.plate };
}
