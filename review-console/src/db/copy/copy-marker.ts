import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../tables.js';
import { COPIED_TABLES, SKIPPED_TABLES, type CopiedTable } from './copy-plan.js';
import { TargetRefused } from './copy-errors.js';

/*
 * The marker: one row per copied table in the target, naming the source it copies and the last
 * primary key copied. It is written in the same transaction as each batch, so after an
 * interruption the copy resumes exactly after the last committed batch; it stays after the copy
 * as a record of where the data came from.
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

/**
 * Makes the target ours before anything is written to it: resumes a copy of the same source,
 * starts one into a target without console data, and refuses anything else (another site's
 * console, or a copy of another source) with TargetRefused.
 */
export async function claimTarget(target: Db, source: SourceIdentity, now: Date): Promise<Map<string, TableProgress>> {
  const schema = (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(target)).rows[0]?.schema;
  if (!schema) throw new TargetRefused('the target has no schema to create tables in (does the search_path in its URL name an existing schema?)');
  const existing = new Set((await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(target)).rows.map((r) => r.name));
  const ours = existing.has(MARKER) ? await markerRows(target) : [];
  const other = ours.find((r) => r.source_id !== source.id);
  if (other) throw new TargetRefused(`the target holds a copy of another console (${other.source_label}, started ${other.started_at}); copy into an empty database or schema`);
  if (ours.length === 0) {
    const tables = [...COPIED_TABLES.map((t) => t.name), ...SKIPPED_TABLES.map((t) => t.name)].filter((name) => existing.has(name));
    for (const name of tables) {
      const held = await sql<{ one: number }>`select 1 as one from ${sql.table(name)} limit 1`.execute(target);
      if (held.rows.length > 0) throw new TargetRefused(`the target already holds console data (table ${name} is not empty) that this migration did not write; copy into an empty database or schema`);
    }
  }
  await target.transaction().execute(async (trx) => {
    await sql`create table if not exists ${sql.table(MARKER)} (table_name text primary key, source_id text not null, source_label text not null, started_at text not null, after_key text, copied integer not null, updated_at text not null)`.execute(trx);
    // A table a newer release copies gets its row on resume too.
    for (const table of COPIED_TABLES) {
      await sql`insert into ${sql.table(MARKER)} values (${table.name}, ${source.id}, ${source.label}, ${now.toISOString()}, null, 0, ${now.toISOString()}) on conflict do nothing`.execute(trx);
    }
  });
  return new Map((await markerRows(target)).map((r) => [r.table_name, { after: r.after_key === null ? null : (JSON.parse(r.after_key) as unknown[]), copied: Number(r.copied) }]));
}

interface MarkerRow {
  table_name: string;
  source_id: string;
  source_label: string;
  started_at: string;
  after_key: string | null;
  copied: number;
}

async function markerRows(target: Db): Promise<MarkerRow[]> {
  return (await sql<MarkerRow>`select table_name, source_id, source_label, started_at, after_key, copied from ${sql.table(MARKER)}`.execute(target)).rows;
}

/** Records a committed batch; call it inside the batch's transaction. */
export async function recordProgress(trx: Db, table: CopiedTable, progress: TableProgress, now: Date): Promise<void> {
  await sql`update ${sql.table(MARKER)} set after_key = ${JSON.stringify(progress.after)}, copied = ${progress.copied}, updated_at = ${now.toISOString()} where table_name = ${table.name}`.execute(trx);
}
