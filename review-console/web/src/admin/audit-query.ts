import { hanoiDayEnd, hanoiDayStart } from '../format/time-format.js';
import type { AuditFilter } from './admin-api.js';
import { isAuditAction } from './audit-words.js';

/** The audit log's filter as it sits in the address: plain strings, dates as Hanoi days (`yyyy-MM-dd`). */
export interface AuditQuery {
  actor: string;
  case: string;
  action: string;
  from: string;
  to: string;
}

export const EMPTY_AUDIT_QUERY: AuditQuery = { actor: '', case: '', action: '', from: '', to: '' };

export function auditQueryOf(query: URLSearchParams): AuditQuery {
  return { actor: query.get('actor') ?? '', case: query.get('case') ?? '', action: query.get('action') ?? '', from: query.get('from') ?? '', to: query.get('to') ?? '' };
}

/** The API's filter; anything malformed in a hand-edited address is left out rather than sent. */
export function auditFilterOf(query: AuditQuery): AuditFilter {
  const out: AuditFilter = {};
  const actor = query.actor.trim();
  if (actor !== '' && actor.length <= 64) out.actor = actor;
  const violationId = query.case.trim();
  if (violationId !== '' && violationId.length <= 64) out.violationId = violationId;
  if (isAuditAction(query.action)) out.action = query.action;
  const from = hanoiDayStart(query.from);
  if (from) out.from = from;
  const to = hanoiDayEnd(query.to);
  if (to) out.to = to;
  return out;
}

export function auditQueryKey(query: AuditQuery): string {
  return [query.actor, query.case, query.action, query.from, query.to].join('|');
}
