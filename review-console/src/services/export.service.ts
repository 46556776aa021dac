import type { z } from 'zod';
import type { exportQuery } from '../api/api-types.js';
import { csvLine, hanoiTime } from '../domain/csv.js';
import type { RuleType } from '@wardwatch/contracts';
import { EXPORT_HEADERS, RULE_WORDS, STATUS_WORDS, type ExportColumn } from '../domain/csv-words.js';
import { reasonInWords, REASON_WORDS_EN } from '../domain/decision-reasons.js';
import type { WardRepository } from '../repositories/ward.repository.js';
import type { AuditRepository } from '../repositories/audit.repository.js';
import type { UserRepository } from '../repositories/user.repository.js';
import type { ViolationRepository } from '../repositories/violation.repository.js';
import type { AccessService } from './access.service.js';
import type { Actor } from './actor.js';

// Words for the ward's paperwork, each code (rule, reason) also in a column of its own for spreadsheets that count them.
const COLUMNS: ExportColumn[] = ['id', 'wardId', 'ward', 'cameraId', 'camera', 'rule', 'ruleCode', 'zone', 'triggeredUtc', 'triggeredLocal', 'status', 'reason', 'reasonCode', 'note', 'plate', 'decidedBy', 'decidedUtc', 'decidedLocal', 'clipSha256'];

export interface ExportServiceDeps {
  violations: ViolationRepository;
  users: UserRepository;
  access: AccessService;
  audit: AuditRepository;
  clock: () => Date;
  wards: Pick<WardRepository, 'listWards'>;
}

/** Decided cases for the ward's paperwork: one CSV row per case decided in [from, to). */
export class ExportService {
  constructor(private readonly deps: ExportServiceDeps) {}

  async csv(actor: Actor, query: z.infer<typeof exportQuery>): Promise<{ filename: string; body: string; rows: number }> {
    const wards = await this.deps.access.narrow(actor, query.ward);
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    const rows = await this.deps.violations.decidedBetween(wards, from, to, { decision: query.status, camera: query.camera, rule: query.rule });
    const names = new Map((await this.deps.users.list()).map((u) => [u.id, u.username]));
    const wardNames = new Map((await this.deps.wards.listWards()).map((w) => [w.id, w.name]));
    const lang = query.lang;
    // UTF-8 byte order mark: Excel otherwise reads Vietnamese camera names as mojibake.
    let body = `\uFEFF${csvLine(COLUMNS.map((column) => EXPORT_HEADERS[lang][column]))}`;
    for (const r of rows) {
      const reason = reasonInWords(r.decision_reason);
      const reasonWords = reason.code === null ? reason.words : lang === 'en' ? REASON_WORDS_EN[reason.code] : reason.words;
      const status = (r.status === 'dismissed' && r.decision_reason === 'duplicate' ? 'duplicate' : r.status) as keyof (typeof STATUS_WORDS)['vi'];
      body += csvLine([
        r.id, r.ward_id, wardNames.get(r.ward_id) ?? r.ward_id, r.camera_id, r.camera_name, RULE_WORDS[lang][r.rule_type as RuleType] ?? r.rule_type, r.rule_type,
        r.zone_name ?? r.zone_id, r.triggered_at, hanoiTime(r.triggered_at), STATUS_WORDS[lang][status] ?? r.status,
        reasonWords, reason.code, r.decision_note, r.plate, r.decided_by ? (names.get(r.decided_by) ?? r.decided_by) : null,
        r.decided_at, r.decided_at ? hanoiTime(r.decided_at) : null, r.clip_sha256,
      ]);
    }
    await this.deps.audit.append({ at: this.deps.clock().toISOString(), actor, action: 'export', ward: query.ward ?? null, after: { from, to, status: query.status ?? null, rows: rows.length } });
    return { filename: `wardwatch-${query.ward ?? 'all'}-${from.slice(0, 10)}-${to.slice(0, 10)}.csv`, body, rows: rows.length };
  }
}
