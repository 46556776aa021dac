import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../tables.js';
import { COPIED_TABLES, SKIPPED_TABLES, type CopiedTable } from './copy-plan.js';
import { TargetRefused } from './copy-errors.js';

/*
 * The marker: one row per copied table in the target, naming the source it copies and the last
 * primary key copied. It is written in the same transaction as each batch, so after an
 * interruption the copy resumes exactly after the last committed batch; it stays after the copy
 * as a record of where the data came from. Once a run verifies the copy equal to its source it
 * records the finish and each table as verified; the batches of a later run clear it.
 */

const MARKER = 'wardwatch_copy';

export interface TableProgress {
  /** The last primary key copied (JSON array); null before the first batch. */
  after: unknown[] | null;
  copied: number;
}

export interface SourceIdentity {
  /** Stable for one console, different between two: a digest of its first user and first audit entry. */
  id: string;
  /** Shown in refusals (the SQLite file). */
  label: string;
}

/**
 * Identifies a console by rows it never changes: its first user (ids are random) and its first
 * audit entry. Nothing is written to the source, and a file moved elsewhere is still the same console.
 */
export async function sourceIdentity(source: Db, label: string): Promise<SourceIdentity> {
  const user = await source.selectFrom('users').select(['id', 'created_at']).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  const audit = await source.selectFrom('audit_log').select(['id', 'at', 'action']).orderBy('id').limit(1).executeTakeFirst();
  const id = createHash('sha256').update(JSON.stringify(['wardwatch-console', user ?? null, audit ?? null])).digest('hex');
  return { id, label };
}

/** What the target holds, read before anything is written to it. */
export interface TargetState {
  database: string;
  schema: string;
  /** Every table (and view) in the target's schema. */
  tables: ReadonlySet<string>;
  /** The marker's rows; empty when no copy ever started here. */
  marker: readonly MarkerRow[];
}

export interface MarkerRow {
  table_name: string;
  source_id: string;
  source_label: string;
  started_at: string;
  after_key: string | null;
  copied: number;
  updated_at: string;
  /** When a run verified the copy equal to its source; null while a copy is under way (and in markers of releases that did not record it). */
  finished_at: string | null;
  /** The table as verified at finished_at. */
  verified_rows: number | null;
  verified_digest: string | null;
}

/** The tables migrations create besides the console's own (Kysely's bookkeeping). */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/** Reads the target without writing to it. */
export async function inspectTarget(target: Db): Promise<TargetState> {
  const where = (await sql<{ schema: string | null; database: string }>`select current_schema() as schema, current_database() as database`.execute(target)).rows[0];
  if (!where?.schema) throw new TargetRefused('the target has no schema to create tables in (does the search_path in its URL name an existing schema?)');
  const tables = new Set((await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(target)).rows.map((r) => r.name));
  return { database: where.database, schema: where.schema, tables, marker: tables.has(MARKER) ? await markerRows(target) : [] };
}

/**
 * Refuses a target that is not ours to write: another site's console, or a copy of another
 * source (TargetRefused). A target without a marker must hold no console data.
 */
export async function refuseUnlessOurs(target: Db, state: TargetState, source: SourceIdentity): Promise<void> {
  const other = state.marker.find((r) => r.source_id !== source.id);
  if (other) throw new TargetRefused(`the target holds a copy of another console (${other.source_label}, started ${other.started_at}); copy into an empty database or schema`);
  if (state.marker.length > 0) return;
  for (const name of consoleTables().filter((t) => state.tables.has(t))) {
    const held = await sql<{ one: number }>`select 1 as one from ${sql.table(name)} limit 1`.execute(target);
    if (held.rows.length > 0) throw new TargetRefused(`the target already holds console data (table ${name} is not empty) that this migration did not write; copy into an empty database or schema`);
  }
}

/** Tables in the target that neither the console nor this copy made (another application's). */
export function foreignTables(state: TargetState): string[] {
  const ours = new Set([...consoleTables(), MARKER, ...MIGRATION_TABLES]);
  return [...state.tables].filter((t) => !ours.has(t)).sort();
}

/** The finish a run recorded, when every copied table has one. */
export function finishOf(state: TargetState): { finishedAt: string; verified: Map<string, { rows: number; digest: string }> } | null {
  const verified = new Map<string, { rows: number; digest: string }>();
  let finishedAt = '';
  for (const table of COPIED_TABLES) {
    const row = state.marker.find((r) => r.table_name === table.name);
    if (!row?.finished_at || row.verified_rows === null || row.verified_digest === null) return null;
    verified.set(table.name, { rows: Number(row.verified_rows), digest: row.verified_digest });
    if (row.finished_at > finishedAt) finishedAt = row.finished_at;
  }
  return { finishedAt, verified };
}

/**
 * Makes the target ours: creates the marker (or brings an older release's up to date) with a
 * row per copied table, and returns where each table's copy stands. Call it after every
 * refusal: from here on the target is written.
 */
export async function claimTarget(target: Db, source: SourceIdentity, now: Date): Promise<Map<string, TableProgress>> {
  await target.transaction().execute(async (trx) => {
    await sql`create table if not exists ${sql.table(MARKER)} (table_name text primary key, source_id text not null, source_label text not null, started_at text not null, after_key text, copied integer not null, updated_at text not null)`.execute(trx);
    for (const column of [sql`finished_at text`, sql`verified_rows integer`, sql`verified_digest text`]) {
      await sql`alter table ${sql.table(MARKER)} add column if not exists ${column}`.execute(trx);
    }
    // A table a newer release copies gets its row on resume too.
    for (const table of COPIED_TABLES) {
      await sql`insert into ${sql.table(MARKER)} (table_name, source_id, source_label, started_at, after_key, copied, updated_at) values (${table.name}, ${source.id}, ${source.label}, ${now.toISOString()}, null, 0, ${now.toISOString()}) on conflict do nothing`.execute(trx);
    }
  });
  return new Map((await markerRows(target)).map((r) => [r.table_name, { after: r.after_key === null ? null : (JSON.parse(r.after_key) as unknown[]), copied: Number(r.copied) }]));
}

async function markerRows(target: Db): Promise<MarkerRow[]> {
  // As JSON: a marker an older release made lacks the finish columns.
  const rows = (await sql<{ row: Partial<MarkerRow> & Pick<MarkerRow, 'table_name'> }>`select to_jsonb(m) as row from ${sql.table(MARKER)} m`.execute(target)).rows;
  return rows.map(({ row }) => ({
    source_id: '', source_label: '', started_at: '', after_key: null, copied: 0, updated_at: '',
    ...row,
    finished_at: row.finished_at ?? null, verified_rows: row.verified_rows ?? null, verified_digest: row.verified_digest ?? null,
  }));
}

function consoleTables(): string[] {
  return [...COPIED_TABLES.map((t) => t.name), ...SKIPPED_TABLES.map((t) => t.name)];
}

/**
 * Records a committed batch; call it inside the batch's transaction. A finish recorded before
 * no longer describes the target once this run writes to it.
 */
export async function recordProgress(trx: Db, table: CopiedTable, progress: TableProgress, now: Date): Promise<void> {
  await sql`update ${sql.table(MARKER)} set after_key = ${JSON.stringify(progress.after)}, copied = ${progress.copied}, updated_at = ${now.toISOString()} where table_name = ${table.name}`.execute(trx);
  await clearFinish(trx);
}

export async function clearFinish(target: Db): Promise<void> {
  await sql`update ${sql.table(MARKER)} set finished_at = null, verified_rows = null, verified_digest = null where finished_at is not null`.execute(target);
}

/**
 * Records that the copy was verified equal to its source, with each table as verified; a later
 * run compares the target with it to tell a copy nobody used from a console's live data. A rerun
 * that finds nothing changed keeps the first finish's time.
 */
export async function recordFinish(target: Db, verified: readonly { table: string; rows: number; digest: string }[], now: Date): Promise<string> {
  const before = finishOf(await inspectTarget(target));
  const same = before !== null && verified.every((v) => before.verified.get(v.table)?.rows === v.rows && before.verified.get(v.table)?.digest === v.digest);
  const finishedAt = same ? before.finishedAt : now.toISOString();
  await target.transaction().execute(async (trx) => {
    for (const v of verified) {
      await sql`update ${sql.table(MARKER)} set finished_at = ${finishedAt}, verified_rows = ${v.rows}, verified_digest = ${v.digest} where table_name = ${v.table}`.execute(trx);
    }
  });
  return finishedAt;
}
