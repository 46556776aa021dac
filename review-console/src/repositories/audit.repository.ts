import type { Kysely, Selectable } from 'kysely';
import type { AuditAction } from '../api/api-types.js';
import type { AuditTable, ConsoleTables, Db } from '../db/tables.js';

export interface NewAuditEntry {
  at: string;
  actor: { id: string; username: string } | null;
  action: AuditAction;
  violationId?: string | null;
  ward?: string | null;
  before?: unknown;
  after?: unknown;
}

/** A case id as agents make them: a UUID, 36 characters. */
const FULL_ID_LENGTH = 36;

/** A stored audit entry, exactly as the table holds it. */
export type AuditRow = Selectable<AuditTable>;

/** Appends inside the caller's transaction, so a decision and its record commit together. */
export async function appendAudit(executor: Kysely<ConsoleTables>, entry: NewAuditEntry): Promise<void> {
  await executor
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor_id: entry.actor?.id ?? null,
      actor_username: entry.actor?.username ?? null,
      action: entry.action,
      violation_id: entry.violationId ?? null,
      ward_id: entry.ward ?? null,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

/** A stored entry with its ward's name (null when it has no ward, or the ward is gone), for readers. */
export type NamedAuditRow = AuditRow & { ward_name: string | null };

export interface AuditFilter {
  /** null = every ward (and entries with no ward). */
  wards: string[] | null;
  violationId?: string;
  ward?: string;
  action?: string;
  /** The username as it was when the entry was written. */
  actor?: string;
  /** `at >= from`, `at < to`: UTC ISO instants as `Date#toISOString` writes them, like the stored ones. */
  from?: string;
  to?: string;
  beforeId?: number;
  limit: number;
}

/** Read-only by design: this repository has no update or delete. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  append(entry: NewAuditEntry): Promise<void> {
    return appendAudit(this.db, entry);
  }

  /** Newest first. */
  async list(filter: AuditFilter): Promise<NamedAuditRow[]> {
    let query = this.db.selectFrom('audit_log').leftJoin('wards', 'wards.id', 'audit_log.ward_id').selectAll('audit_log').select('wards.name as ward_name');
    if (filter.wards !== null) {
      if (filter.wards.length === 0) return [];
      query = query.where('audit_log.ward_id', 'in', filter.wards);
    }
    if (filter.violationId !== undefined) {
      // A whole case id matches exactly; its first characters (the 8 the screens show) as a prefix.
      const id = filter.violationId;
      const prefix = id.length < FULL_ID_LENGTH && /^[0-9a-f-]+$/i.test(id);
      query = prefix ? query.where('audit_log.violation_id', 'like', `${id.toLowerCase()}%`) : query.where('audit_log.violation_id', '=', id);
    }
    if (filter.ward !== undefined) query = query.where('audit_log.ward_id', '=', filter.ward);
    if (filter.action !== undefined) query = query.where('audit_log.action', '=', filter.action);
    if (filter.actor !== undefined) query = query.where('audit_log.actor_username', '=', filter.actor);
    if (filter.from !== undefined) query = query.where('audit_log.at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('audit_log.at', '<', filter.to);
    if (filter.beforeId !== undefined) query = query.where('audit_log.id', '<', filter.beforeId);
    const rows = await query.orderBy('audit_log.id', 'desc').limit(filter.limit).execute();
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  async forViolation(violationId: string, actions: readonly string[]): Promise<AuditRow[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('violation_id', '=', violationId).where('action', 'in', [...actions]).orderBy('id', 'asc').execute();
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }
}
