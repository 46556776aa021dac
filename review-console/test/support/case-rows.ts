import { generateUuidV7 } from '@wardwatch/contracts';
import type { ViolationTable } from '../../src/db/tables.js';

export interface CaseSpec {
  ward: string;
  camera: string;
  rule: 'illegal_parking' | 'sidewalk_encroachment' | 'littering';
  /** UTC ISO trigger time. */
  triggered: string;
  status: 'pending' | 'confirmed' | 'dismissed';
  /** Seconds from trigger to decision, for decided cases. */
  decidedAfter?: number;
  plate?: string;
  note?: string;
}

/** A stored case with chosen ward, camera, rule, times and outcome, as the figures tests need. */
export function caseRow(spec: CaseSpec): ViolationTable {
  const t = Date.parse(spec.triggered);
  const decided = spec.status === 'pending' ? null : new Date(t + (spec.decidedAfter ?? 60) * 1000).toISOString();
  return {
    id: generateUuidV7(t), ward_id: spec.ward, camera_id: spec.camera, camera_name: `Camera ${spec.camera}`, agent_id: `agent-${spec.ward}`, agent_version: '0.1.0',
    rule_type: spec.rule, zone_id: 'zone-1', zone_name: null, classes_json: '["car"]', scores_json: '[0.8]', track_ids_json: '[1]',
    bbox_json: '{"x1":0.1,"y1":0.1,"x2":0.3,"y2":0.3}', boxes_json: '[]', started_at: new Date(t - 60_000).toISOString(), triggered_at: new Date(t).toISOString(),
    ended_at: null, clip_sha256: 'a'.repeat(64), clip_bytes: 1000, clip_duration: 10, clip_shortfall_json: null, clip_marks_json: null, snapshot_sha256: 'b'.repeat(64), snapshot_bytes: 100,
    model_name: 'yolox_nano', model_sha256: 'c'.repeat(64), status: spec.status, received_at: new Date(t + 5_000).toISOString(),
    decision: spec.status === 'pending' ? null : spec.status, decision_reason: spec.status === 'pending' ? null : 'clear_violation', decision_note: spec.note ?? null, plate: spec.plate ?? null,
    decided_by: null, decided_at: decided, decision_seconds: spec.status === 'pending' ? null : (spec.decidedAfter ?? 60), purged_at: null,
  };
}
