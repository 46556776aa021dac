import { generateUuidV7 } from '@wardwatch/contracts';
import type { Db, ViolationTable } from '../src/db/tables.js';
import { ViolationRepository } from '../src/repositories/violation.repository.js';

export const BENCH_WARDS = Array.from({ length: 10 }, (_, i) => `ward-${i}`);
const RULES = ['illegal_parking', 'sidewalk_encroachment', 'littering'];
const STATUSES = ['pending', 'pending', 'confirmed', 'dismissed'];
const DAY_MS = 86_400_000;

/** Deterministic pseudo-random cases over 90 days: 10 wards, 5 cameras each, 3 rules, mixed statuses. */
export function benchCase(i: number, endMs: number): ViolationTable {
  const triggered = endMs - ((i * 7_919) % (90 * DAY_MS / 1000)) * 1000;
  const ward = BENCH_WARDS[i % BENCH_WARDS.length]!;
  const status = STATUSES[(i >> 3) % STATUSES.length]!;
  const id = generateUuidV7(triggered);
  return {
    id, ward_id: ward, camera_id: `${ward}-cam-${i % 5}`, camera_name: `Camera ${i % 5}`, agent_id: `${ward}-agent`, agent_version: '0.1.0',
    rule_type: RULES[i % RULES.length]!, zone_id: 'zone-1', zone_name: null, classes_json: '["car"]', scores_json: '[0.8]', track_ids_json: '[1]',
    bbox_json: '{"x1":0.1,"y1":0.1,"x2":0.3,"y2":0.3}', boxes_json: '[]', started_at: new Date(triggered - 60_000).toISOString(), triggered_at: new Date(triggered).toISOString(),
    ended_at: null, clip_sha256: 'a'.repeat(64), clip_bytes: 1000, clip_duration: 10, clip_shortfall_json: null, clip_marks_json: null, snapshot_sha256: 'b'.repeat(64), snapshot_bytes: 100,
    model_name: 'yolox_nano', model_sha256: 'c'.repeat(64), status, received_at: new Date(triggered + 5_000).toISOString(),
    decision: status === 'pending' ? null : status, decision_reason: status === 'pending' ? null : 'bench', decision_note: null, plate: null,
    decided_by: null, decided_at: status === 'pending' ? null : new Date(triggered + (600 + ((i * 977) % 86_400)) * 1000).toISOString(), decision_seconds: status === 'pending' ? null : 600 + ((i * 977) % 86_400), purged_at: null,
  };
}

/** Bulk insert in transactions of `batch` rows (under both engines' bound-parameter limits). */
export async function seedBenchCases(db: Db, count: number, endMs: number, batch = 500): Promise<void> {
  for (let start = 0; start < count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => benchCase(start + k, endMs));
    await db.transaction().execute(async (trx) => new ViolationRepository(trx).insertMany(rows));
  }
}

