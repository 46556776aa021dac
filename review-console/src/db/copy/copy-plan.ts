import { sql, type RawBuilder } from 'kysely';
import type { ConsoleTables, Db } from '../tables.js';
import { SchemaMismatch } from './copy-errors.js';

/*
 * What `review-console migrate` copies from a SQLite console into PostgreSQL, in foreign-key
 * order, each table keyed by its primary key (the keyset the copy pages by and resumes from).
 *
 * The migrations store the same representation on both engines: times as ISO text, JSON as text,
 * booleans as 0/1 integers. Only two columns differ by engine, and both carry their values as
 * they are: audit_log.id (SQLite's autoincrement integer, PostgreSQL's serial, whose sequence is
 * moved past the copied ids) and probes.snapshot (blob, bytea: a Buffer either way). What can
 * still go wrong is a value SQLite accepted that PostgreSQL's column type refuses (SQLite keeps any
 * value in any column); `unstorable` names it instead of letting one batch fail obscurely.
 */

export interface CopiedTable {
  name: keyof ConsoleTables;
  key: readonly string[];
}

export const COPIED_TABLES: readonly CopiedTable[] = [
  { name: 'districts', key: ['id'] },
  { name: 'wards', key: ['id'] },
  { name: 'users', key: ['id'] },
  { name: 'user_wards', key: ['user_id', 'ward_id'] },
  { name: 'agents', key: ['id'] },
  { name: 'agent_enrolments', key: ['token_hash'] },
  { name: 'config_versions', key: ['agent_id', 'version'] },
  { name: 'probes', key: ['id'] },
  { name: 'discoveries', key: ['id'] },
  { name: 'violations', key: ['id'] },
  { name: 'media', key: ['violation_id', 'kind'] },
  { name: 'audit_log', key: ['id'] },
  { name: 'camera_status', key: ['agent_id', 'camera_id'] },
];

/**
 * Sign-in sessions stay behind: everyone signs in again on the new storage. A session is a
 * bearer credential, so moving storage is a natural point to end them all; and the sessions a
 * console holds change with every request, so a copy of them would be stale by switch-over anyway.
 */
export const SKIPPED_TABLES: readonly { name: keyof ConsoleTables; why: string }[] = [{ name: 'sessions', why: 'not copied: everyone signs in again' }];

export interface Column {
  name: string;
  /** PostgreSQL's data_type (`text`, `integer`, `double precision`, `bytea`). */
  type: string;
}

/** The target's columns, checked against the source's: both are at the latest migration, so they must be the same set. */
export async function columnsOf(source: Db, target: Db, table: string): Promise<Column[]> {
  const pg = await targetColumns(target, table);
  const lite = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(source);
  const want = pg.map((c) => c.name).sort();
  const have = lite.rows.map((c) => c.name).sort();
  if (want.join(',') !== have.join(',')) throw new SchemaMismatch(table, have, want);
  return pg;
}

/** A PostgreSQL table's columns in their own order (the order a verified digest is taken in). */
export async function targetColumns(target: Db, table: string): Promise<Column[]> {
  return (await sql<Column>`select column_name as name, data_type as type from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(target)).rows;
}

/**
 * Rows per batch: the asked-for size, but few for a table with bytes (a probe's snapshot may be
 * MAX_PROBE_SNAPSHOT_BYTES, 8 MiB, and twice that as hex in the batch's JSON).
 */
export function batchSizeFor(columns: readonly Column[], asked: number): number {
  return columns.some((c) => c.type === 'bytea') ? Math.min(asked, ROWS_WITH_BYTES) : asked;
}

const ROWS_WITH_BYTES = 8;

/**
 * One page of rows by primary key, after `after` (a previous page's last key; null: the first).
 * Each engine pages in its own key order (SQLite: bytes; PostgreSQL: its collation), so a page
 * always walks the primary key's index.
 */
export function pageQuery(table: CopiedTable, columns: readonly Column[], after: readonly unknown[] | null, limit: number): RawBuilder<Record<string, unknown>> {
  const keys = sql.join(table.key.map((k) => sql.ref(k)));
  const where = after === null ? sql`` : sql`where (${keys}) > (${sql.join(after.map((v) => sql`${v}`))})`;
  return sql<Record<string, unknown>>`select ${sql.join(columns.map((c) => sql.ref(c.name)))} from ${sql.table(table.name)} ${where} order by ${keys} limit ${limit}`;
}

export function keyOf(table: CopiedTable, row: Record<string, unknown>): unknown[] {
  return table.key.map((k) => row[k]);
}

const INT4 = { min: -2_147_483_648, max: 2_147_483_647 };

/** Why PostgreSQL's `type` cannot hold `value` as SQLite gave it; null when it can. */
export function unstorable(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'text':
      if (typeof value !== 'string') return `a ${typeof value}, not text`;
      // PostgreSQL text cannot hold NUL; SQLite's can.
      return value.includes('\u0000') ? 'text with a NUL character' : null;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT4.min && value <= INT4.max ? null : `${describe(value)}, not a 32-bit integer`;
    case 'double precision':
      // The batch travels as JSON, which has no Infinity or NaN (it would write null).
      return typeof value === 'number' && Number.isFinite(value) ? null : `${describe(value)}, not a finite number`;
    case 'bytea':
      return Buffer.isBuffer(value) ? null : `${describe(value)}, not bytes`;
    default:
      // No other type is in the migrations; a new one must be taught here before it is copied.
      return `a value for a column of type ${type}, which migrate does not know how to copy`;
  }
}

function describe(value: unknown): string {
  // Never the text itself: it may be a plate, a note or a sealed login.
  if (typeof value === 'string') return `text of ${value.length} characters`;
  if (Buffer.isBuffer(value)) return `${value.length} bytes`;
  return String(value);
}
