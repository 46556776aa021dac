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

export interface AuditFilter {
  /** null = every ward (and entries with no ward). */
  wards: string[] | null;
  violationId?: string;
  ward?: string;
  action?: string;
  beforeId?: number;
  limit: number;
}

/** Read-only by design: this repository has no update or delete. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  append(entry: NewAuditEntry): Promise<void> {
    return appendAudit(this.db, entry);
  }

  async list(filter: AuditFilter): Promise<AuditRow[]> {
    let query = this.db.selectFrom('audit_log').selectAll();
    if (filter.wards !== null) {
      if (filter.wards.length === 0) return [];
      query = query.where('ward_id', 'in', filter.wards);
    }
    if (filter.violationId !== undefined) query = query.where('violation_id', '=', filter.violationId);
    if (filter.ward !== undefined) query = query.where('ward_id', '=', filter.ward);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
    const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  async forViolation(violationId: string, actions: readonly string[]): Promise<AuditRow[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('violation_id', '=', violationId).where('action', 'in', [...actions]).orderBy('id', 'asc').execute();
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }
}
