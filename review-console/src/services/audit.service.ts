import { z } from 'zod';
import type { Language } from '@wardwatch/contracts';
import type { AuditAction, AuditCsvQuery, AuditEntry, AuditPage, auditQuery, Role } from '../api/api-types.js';
import { csvLine, hanoiTime } from '../domain/csv.js';
import { STATUS_WORDS } from '../domain/csv-words.js';
import { isReasonCode, REASON_WORDS_EN, REASON_WORDS_VI, type ReasonCode } from '../domain/decision-reasons.js';
import { InvalidInput } from '../domain/errors.js';
import { localDay } from '../domain/local-time.js';
import type { AuditFilter, AuditRepository } from '../repositories/audit.repository.js';
import { requireRole, type AccessService } from './access.service.js';
import type { Actor } from './actor.js';
import { toAuditEntry } from './violation-view.js';

/** The body is built in memory and opened in a spreadsheet: the cap bounds both; a longer log is downloaded period by period. */
export const AUDIT_CSV_MAX_ROWS = 50_000;

type Filters = Pick<z.infer<typeof auditQuery>, 'violationId' | 'ward' | 'action' | 'actor' | 'from' | 'to'>;

interface CsvWords {
  header: readonly string[];
  /** Who acted when no user did (the CLI, retention). */
  system: string;
  actions: Record<AuditAction, string>;
  decisions: Record<'confirmed' | 'dismissed', string>;
  reasons: Record<ReasonCode, string>;
  roles: Record<Role, string>;
  media: Record<string, string>;
  reopenReason: string;
  group: (count: number) => string;
  exported: (rows: number, from: string, to: string) => string;
  disabled: string;
  enabled: string;
  wardsChanged: string;
  districtChanged: string;
  passwordReset: string;
  version: (version: number) => string;
  purged: (days: number) => string;
}

const CSV_WORDS: Record<Language, CsvWords> = {
  vi: {
    header: ['Thời điểm', 'Người thực hiện', 'Hành động', 'Mã vụ việc', 'Phường', 'Chi tiết'],
    system: 'Hệ thống',
    actions: {
      decision: 'Xử lý vụ việc', reopen: 'Mở lại vụ việc', media_view: 'Xem bằng chứng', export: 'Tải danh sách vụ việc', user_created: 'Tạo tài khoản', user_updated: 'Sửa tài khoản',
      ward_created: 'Thêm hoặc sửa phường', district_created: 'Thêm quận', agent_created: 'Tạo đầu thu', agent_revoked: 'Thu hồi đầu thu', retention_purge: 'Xoá bằng chứng hết hạn lưu trữ',
      agent_enrolment_issued: 'Cấp mã đăng ký đầu thu', agent_enrolled: 'Đầu thu đăng ký', site_changed: 'Đổi cấu hình camera', camera_probe_requested: 'Kiểm tra camera', camera_search_requested: 'Tìm camera',
    },
    decisions: STATUS_WORDS.vi,
    reasons: REASON_WORDS_VI,
    roles: { officer: 'cán bộ phường', supervisor: 'giám sát', installer: 'kỹ thuật viên', admin: 'quản trị' },
    media: { clip: 'video', snapshot: 'ảnh chụp', crop: 'ảnh cận cảnh' },
    reopenReason: 'Lý do mở lại',
    group: (count) => `cùng lúc ${count} vụ`,
    exported: (rows, from, to) => `${rows} vụ việc, từ ${from} đến ${to}`,
    disabled: 'khoá tài khoản',
    enabled: 'mở khoá tài khoản',
    wardsChanged: 'đổi phường',
    districtChanged: 'đổi quận',
    passwordReset: 'đặt lại mật khẩu',
    version: (version) => `phiên bản ${version}`,
    purged: (days) => `quá ${days} ngày lưu trữ`,
  },
  en: {
    header: ['Time', 'User', 'Action', 'Case id', 'Ward', 'Details'],
    system: 'System',
    actions: {
      decision: 'Case decided', reopen: 'Case reopened', media_view: 'Evidence viewed', export: 'Cases exported', user_created: 'User created', user_updated: 'User changed',
      ward_created: 'Ward added or changed', district_created: 'District added', agent_created: 'Agent created', agent_revoked: 'Agent revoked', retention_purge: 'Evidence deleted after retention',
      agent_enrolment_issued: 'Agent enrolment token issued', agent_enrolled: 'Agent enrolled', site_changed: 'Camera setup changed', camera_probe_requested: 'Camera test requested', camera_search_requested: 'Camera search requested',
    },
    decisions: STATUS_WORDS.en,
    reasons: REASON_WORDS_EN,
    roles: { officer: 'ward officer', supervisor: 'supervisor', installer: 'installer', admin: 'administrator' },
    media: { clip: 'clip', snapshot: 'snapshot', crop: 'close-up' },
    reopenReason: 'Reason to reopen',
    group: (count) => `${count} cases at once`,
    exported: (rows, from, to) => `${rows} cases, ${from} to ${to}`,
    disabled: 'account disabled',
    enabled: 'account enabled',
    wardsChanged: 'wards changed',
    districtChanged: 'district changed',
    passwordReset: 'password reset',
    version: (version) => `version ${version}`,
    purged: (days) => `kept ${days} days`,
  },
};

type Fields = Record<string, unknown>;
const fieldsOf = (value: unknown): Fields => (value !== null && typeof value === 'object' ? (value as Fields) : {});
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);
const joined = (...parts: (string | null)[]): string => parts.filter((p) => p !== null).join(', ');
const dayOf = (iso: unknown, endExclusive = false): string => {
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) return '';
  const [y, m, d] = localDay(endExclusive ? ms - 1 : ms).split('-');
  return `${d}/${m}/${y}`;
};

/** One line of what changed, in the reader's words: a decision and its reason, a user's new role. */
function auditDetails(words: CsvWords, entry: Pick<AuditEntry, 'action' | 'before' | 'after'>): string {
  const after = fieldsOf(entry.after);
  const before = fieldsOf(entry.before);
  const role = (value: unknown) => (typeof value === 'string' && Object.hasOwn(words.roles, value) ? words.roles[value as Role] : text(value));
  switch (entry.action) {
    case 'decision': {
      const decision = after.decision === 'confirmed' || after.decision === 'dismissed' ? words.decisions[after.decision] : text(after.decision);
      const reason = typeof after.reason === 'string' ? (isReasonCode(after.reason) ? words.reasons[after.reason] : after.reason) : null;
      const group = typeof after.group === 'number' && after.group > 1 ? ` (${words.group(after.group)})` : '';
      return `${decision ?? ''}${reason ? `: ${reason}` : ''}${group}`;
    }
    case 'reopen':
      return text(after.reason) ? `${words.reopenReason}: ${text(after.reason)}` : '';
    case 'media_view':
      return typeof after.kind === 'string' ? (words.media[after.kind] ?? after.kind) : '';
    case 'export':
      return words.exported(Number(after.rows ?? 0), dayOf(after.from), dayOf(after.to, true));
    case 'user_created':
      return `${text(after.username) ?? ''} (${role(after.role) ?? ''})`;
    case 'user_updated': {
      const changes: (string | null)[] = [];
      if (before.role !== after.role) changes.push(`${role(before.role) ?? ''} → ${role(after.role) ?? ''}`);
      if (before.disabled !== after.disabled) changes.push(after.disabled === true ? words.disabled : words.enabled);
      if (JSON.stringify(before.wards) !== JSON.stringify(after.wards)) changes.push(words.wardsChanged);
      if (before.districtId !== after.districtId) changes.push(words.districtChanged);
      if (after.passwordChanged === true) changes.push(words.passwordReset);
      return `${text(after.username) ?? ''}${changes.length > 0 ? `: ${joined(...changes)}` : ''}`;
    }
    case 'ward_created':
    case 'district_created':
      return `${text(after.name) ?? ''} (${text(after.id) ?? ''})`;
    case 'site_changed':
      return joined(text(after.agentId), typeof after.version === 'number' ? words.version(after.version) : null);
    case 'camera_probe_requested':
      return joined(text(after.agentId), text(after.cameraId));
    case 'camera_search_requested':
      return joined(text(after.agentId));
    case 'retention_purge':
      return typeof after.policyDays === 'number' ? words.purged(after.policyDays) : '';
    case 'agent_created':
    case 'agent_revoked':
    case 'agent_enrolment_issued':
    case 'agent_enrolled':
      return joined(text(after.id));
  }
}

export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly access: AccessService,
  ) {}

  /** Supervisors see their district's entries; admins see everything, user administration included. */
  async list(actor: Actor, query: z.infer<typeof auditQuery>): Promise<AuditPage> {
    const filter = await this.filterOf(actor, query);
    const beforeId = query.cursor === undefined ? undefined : Number(query.cursor);
    if (beforeId !== undefined && (!Number.isSafeInteger(beforeId) || beforeId < 1)) throw new InvalidInput('the cursor is not valid');
    const rows = await this.audit.list({ ...filter, beforeId, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return { items: page.map(toAuditEntry), nextCursor: rows.length > query.limit && last ? String(last.id) : null };
  }

  /** The same entries as `list`, newest first, as a CSV in the reader's language (at most AUDIT_CSV_MAX_ROWS). */
  async csv(actor: Actor, query: AuditCsvQuery): Promise<{ filename: string; body: string; rows: number }> {
    const filter = await this.filterOf(actor, query);
    const rows = await this.audit.list({ ...filter, limit: AUDIT_CSV_MAX_ROWS });
    const words = CSV_WORDS[query.lang];
    // UTF-8 byte order mark: Excel otherwise reads Vietnamese words as mojibake.
    let body = `\uFEFF${csvLine(words.header)}`;
    for (const row of rows) {
      const entry = toAuditEntry(row);
      body += csvLine([hanoiTime(entry.at), entry.actor?.username ?? words.system, words.actions[entry.action], entry.violationId, row.ward_name ?? entry.ward, auditDetails(words, entry)]);
    }
    const from = filter.from === undefined ? 'start' : localDay(Date.parse(filter.from));
    const to = filter.to === undefined ? 'now' : localDay(Date.parse(filter.to) - 1);
    return { filename: `wardwatch-audit-${from}-${to}.csv`, body, rows: rows.length };
  }

  private async filterOf(actor: Actor, query: Filters): Promise<Omit<AuditFilter, 'limit'>> {
    requireRole(actor, ['supervisor', 'admin'], 'read the audit log');
    const wards = await this.access.narrow(actor, query.ward);
    // Stored instants are `toISOString` text; an offset the client wrote would not compare as text.
    const instant = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso).toISOString());
    return { wards, violationId: query.violationId, action: query.action, actor: query.actor, from: instant(query.from), to: instant(query.to) };
  }
}
