import type { TFunction } from 'i18next';
import type { AuditAction, AuditEntry } from '../../../src/api/api-types.js';
import { reasonText } from '../format/case-words.js';
import { formatHanoiDate } from '../format/time-format.js';

// Every action, in the order the filter offers them; `satisfies` fails the build when the API adds or drops one.
const ACTIONS = {
  decision: true, reopen: true, media_view: true, export: true, retention_purge: true, user_created: true, user_updated: true, ward_created: true, district_created: true,
  agent_created: true, agent_enrolment_issued: true, agent_enrolled: true, agent_revoked: true, site_changed: true, camera_probe_requested: true, camera_search_requested: true,
} satisfies Record<AuditAction, true>;

export const AUDIT_ACTIONS = Object.keys(ACTIONS) as AuditAction[];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(ACTIONS, value);
}

/** Names for what entries hold by id; unknown ids stay as they are. */
export interface PlaceNames {
  ward: (id: string) => string;
  district: (id: string) => string;
}

type Fields = Record<string, unknown>;
const fieldsOf = (value: unknown): Fields => (value !== null && typeof value === 'object' ? (value as Fields) : {});
const str = (fields: Fields, key: string): string => {
  const value = fields[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
};

/** What a user change changed, each in words: `vai trò Cán bộ phường → Giám sát viên; khoá tài khoản`. */
function userChanges(t: TFunction, before: Fields, after: Fields, names: PlaceNames): string[] {
  const role = (value: unknown) => (typeof value === 'string' ? t(`admin.roleNames.${value}`, { defaultValue: value }) : '');
  const wards = (value: unknown) => (Array.isArray(value) ? value.filter((w): w is string => typeof w === 'string') : []);
  const changes: string[] = [];
  if (before.role !== after.role) changes.push(t('auditLog.details.role', { from: role(before.role), to: role(after.role) }));
  if (before.disabled !== after.disabled) changes.push(t(after.disabled === true ? 'auditLog.details.disabled' : 'auditLog.details.enabled'));
  const [was, now] = [wards(before.wards), wards(after.wards)];
  if ([...was].sort().join(',') !== [...now].sort().join(',')) changes.push(now.length === 0 ? t('auditLog.details.noWards') : t('auditLog.details.wards', { wards: now.map(names.ward).join(', ') }));
  if (before.districtId !== after.districtId) {
    changes.push(t('auditLog.details.district', { district: typeof after.districtId === 'string' ? names.district(after.districtId) : t('common.none') }));
  }
  if (after.passwordChanged === true) changes.push(t('auditLog.details.password'));
  return changes;
}

/** A short line of what an entry changed, in the reader's words: the decision and its reason, a user's new role. */
export function auditSummary(t: TFunction, entry: AuditEntry, names: PlaceNames): string {
  const after = fieldsOf(entry.after);
  const before = fieldsOf(entry.before);
  switch (entry.action) {
    case 'decision': {
      const decision = str(after, 'decision');
      const text = t('auditLog.details.decision', { decision: t(`status.${decision}`, { defaultValue: decision }), reason: reasonText(t, str(after, 'reason')) });
      const group = after.group;
      return typeof group === 'number' && group > 1 ? t('auditLog.details.group', { text, count: group }) : text;
    }
    case 'reopen':
      return t('auditLog.details.reopen', { reason: str(after, 'reason') });
    case 'media_view': {
      const kind = str(after, 'kind');
      return t(`auditLog.details.media.${kind}`, { defaultValue: kind });
    }
    case 'export': {
      const to = Date.parse(str(after, 'to'));
      const from = str(after, 'from');
      if (Number.isNaN(to) || from === '') return '';
      // `to` is the exclusive end: the last day exported is the day before it.
      return t('auditLog.details.export', { count: Number(after.rows ?? 0), from: formatHanoiDate(from), to: formatHanoiDate(new Date(to - 1).toISOString()) });
    }
    case 'user_created':
      return t('auditLog.details.userCreated', { username: str(after, 'username'), role: t(`admin.roleNames.${str(after, 'role')}`, { defaultValue: str(after, 'role') }) });
    case 'user_updated':
      return t('auditLog.details.userUpdated', { username: str(after, 'username'), changes: userChanges(t, before, after, names).join('; ') || t('common.none') });
    case 'ward_created':
    case 'district_created':
      return str(after, 'name');
    case 'site_changed':
      return t('auditLog.details.siteChanged', { agent: str(after, 'agentId'), version: str(after, 'version') });
    case 'camera_probe_requested':
      return str(after, 'cameraId') === '' ? t('auditLog.details.agent', { agent: str(after, 'agentId') }) : t('auditLog.details.probe', { agent: str(after, 'agentId'), camera: str(after, 'cameraId') });
    case 'camera_search_requested':
      return t('auditLog.details.agent', { agent: str(after, 'agentId') });
    case 'retention_purge':
      return t('auditLog.details.purge', { days: str(after, 'policyDays') });
    case 'agent_created':
    case 'agent_revoked':
    case 'agent_enrolment_issued':
    case 'agent_enrolled':
      return t('auditLog.details.agent', { agent: str(after, 'id') });
  }
}
