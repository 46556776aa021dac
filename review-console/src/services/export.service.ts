import type { z } from 'zod';
import type { exportQuery } from '../api/api-types.js';
import { csvLine, hanoiTime } from '../domain/csv.js';
import { reasonInWords } from '../domain/decision-reasons.js';
import type { AuditRepository } from '../repositories/audit.repository.js';
import type { UserRepository } from '../repositories/user.repository.js';
import type { ViolationRepository } from '../repositories/violation.repository.js';
import type { AccessService } from './access.service.js';
import type { Actor } from './actor.js';

// `reason` in words for the ward's paperwork, `reason_code` for spreadsheets that count them.
const HEADER = ['violation_id', 'ward', 'camera_id', 'camera_name', 'rule', 'zone', 'triggered_at_utc', 'triggered_at_local', 'status', 'reason', 'reason_code', 'note', 'plate', 'decided_by', 'decided_at_utc', 'decided_at_local', 'clip_sha256'];

/** Decided cases for the ward's paperwork: one CSV row per case decided in [from, to). */
export class ExportService {
  constructor(
    private readonly violations: ViolationRepository,
    private readonly users: UserRepository,
    private readonly access: AccessService,
    private readonly audit: AuditRepository,
    private readonly clock: () => Date,
  ) {}

  async csv(actor: Actor, query: z.infer<typeof exportQuery>): Promise<{ filename: string; body: string; rows: number }> {
    const wards = await this.access.narrow(actor, query.ward);
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    const rows = await this.violations.decidedBetween(wards, from, to, undefined, query.status);
    const names = new Map((await this.users.list()).map((u) => [u.id, u.username]));
    // UTF-8 byte order mark: Excel otherwise reads Vietnamese camera names as mojibake.
    let body = `\uFEFF${csvLine(HEADER)}`;
    for (const r of rows) {
      const reason = reasonInWords(r.decision_reason);
      body += csvLine([
        r.id, r.ward_id, r.camera_id, r.camera_name, r.rule_type, r.zone_id, r.triggered_at, hanoiTime(r.triggered_at), r.status,
        reason.words, reason.code, r.decision_note, r.plate, r.decided_by ? (names.get(r.decided_by) ?? r.decided_by) : null,
        r.decided_at, r.decided_at ? hanoiTime(r.decided_at) : null, r.clip_sha256,
      ]);
    }
    await this.audit.append({ at: this.clock().toISOString(), actor, action: 'export', ward: query.ward ?? null, after: { from, to, status: query.status ?? null, rows: rows.length } });
    return { filename: `wardwatch-${query.ward ?? 'all'}-${from.slice(0, 10)}-${to.slice(0, 10)}.csv`, body, rows: rows.length };
  }
}
