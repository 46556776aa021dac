import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { migrateToLatest } from '../database.js';
import { engineOf } from '../engine.js';
import type { Db } from '../tables.js';
import { CopyError, UnstorableValue } from './copy-errors.js';
import { claimTarget, clearFinish, foreignTables, inspectTarget, recordFinish, recordProgress, refuseUnlessOurs, sourceIdentity, type TableProgress } from './copy-marker.js';
import { batchSizeFor, columnsOf, COPIED_TABLES, keyOf, pageQuery, unstorable, type Column, type CopiedTable } from './copy-plan.js';
import type { TargetPlace } from './copy-wording.js';
import { refuseMovedOn } from './target-moved-on.js';
import { countRows, digestTable, type TableDigest } from './verify-copy.js';

/*
 * Copies a SQLite console into PostgreSQL (`review-console migrate`): refuse the target before
 * writing anything when it is not ours or a console already runs on it, claim it, migrate its
 * schema to the latest, copy each table in foreign-key order in batches by primary key, each
 * batch and its progress in one transaction, move serial sequences past the copied ids, then
 * read both sides back, compare them table by table and, when equal, record the finish.
 */

/** Rows per batch: a few thousand keep each transaction short and the round trips few. */
export const DEFAULT_BATCH_ROWS = 2_000;

export interface CopyDatabaseOptions {
  /** The SQLite console, at the latest migration. Only read. */
  source: Db;
  /** PostgreSQL: empty, or holding an interrupted or finished (and unused) copy of the same source. */
  target: Db;
  /** Names the source in the target's marker and in refusals (the SQLite file). */
  sourceLabel: string;
  batchRows?: number;
  clock?: () => Date;
  /** After each table is copied (progress for the terminal). */
  onTableCopied?: (copy: TableCopy) => void;
  /** After each committed batch. */
  onBatch?: (batch: { table: string; rows: number; copied: number }) => void;
  /** Something the operator should know that does not stop the copy (one line). */
  onWarning?: (text: string) => void;
}

export interface TableCopy {
  table: string;
  /** Rows this run inserted (a resumed run counts only what it added). */
  inserted: number;
  seconds: number;
}

export interface TableReport extends TableCopy {
  source: TableDigest;
  target: TableDigest;
  verifySeconds: number;
  matches: boolean;
}

export interface CopyReport {
  tables: TableReport[];
  /** Tables whose row count or content differ between the engines; empty when the copy is exact. */
  mismatched: string[];
  /** When the copy was first verified equal (kept by reruns that change nothing); null when it differs. */
  finishedAt: string | null;
  place: TargetPlace;
  seconds: number;
}

export async function copyDatabase(options: CopyDatabaseOptions): Promise<CopyReport> {
  const started = performance.now();
  if (engineOf(options.source) !== 'sqlite' || engineOf(options.target) !== 'postgres') throw new CopyError('migrate copies a SQLite console into PostgreSQL');
  const clock = options.clock ?? (() => new Date());
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const identity = await sourceIdentity(options.source, options.sourceLabel);
  const state = await inspectTarget(options.target);
  await refuseUnlessOurs(options.target, state, identity);
  await refuseMovedOn(options.source, options.target, state, batchRows);
  const foreign = foreignTables(state);
  if (foreign.length > 0) {
    options.onWarning?.(`the target holds tables that are not WardWatch's (${foreign.join(', ')}): the console's tables go beside them; an empty database or schema of its own is meant`);
  }
  const progress = await claimTarget(options.target, identity, clock());
  const migrated = state.tables.has('kysely_migration') ? await countRows(options.target, 'kysely_migration') : 0;
  await migrateToLatest(options.target, 'postgres');
  // A finish recorded before describes the tables as they were; a new release's columns change their digests.
  if ((await countRows(options.target, 'kysely_migration')) !== migrated) await clearFinish(options.target);

  const copies: { table: CopiedTable; columns: Column[]; copy: TableCopy }[] = [];
  for (const table of COPIED_TABLES) {
    const columns = await columnsOf(options.source, options.target, table.name);
    const began = performance.now();
    const inserted = await copyTable({ ...options, clock, batchRows }, table, columns, progress.get(table.name) ?? { after: null, copied: 0 });
    await advanceSequences(options.target, table);
    const copy = { table: table.name, inserted, seconds: (performance.now() - began) / 1000 };
    options.onTableCopied?.(copy);
    copies.push({ table, columns, copy });
  }

  const tables: TableReport[] = [];
  for (const { table, columns, copy } of copies) {
    const began = performance.now();
    const pageRows = batchSizeFor(columns, batchRows);
    const [source, target] = await Promise.all([digestTable(options.source, table, columns, pageRows), digestTable(options.target, table, columns, pageRows)]);
    const matches = source.rows === target.rows && source.digest === target.digest;
    tables.push({ ...copy, source, target, verifySeconds: (performance.now() - began) / 1000, matches });
  }
  const mismatched = tables.filter((t) => !t.matches).map((t) => t.table);
  const finishedAt = mismatched.length === 0 ? await recordFinish(options.target, tables.map((t) => ({ table: t.table, rows: t.target.rows, digest: t.target.digest })), clock()) : null;
  return { tables, mismatched, finishedAt, place: { database: state.database, schema: state.schema }, seconds: (performance.now() - started) / 1000 };
}

type CopyContext = Required<Pick<CopyDatabaseOptions, 'source' | 'target' | 'clock' | 'batchRows'>> & Pick<CopyDatabaseOptions, 'onBatch'>;

/** Copies the rows after the recorded key; returns how many were inserted. */
async function copyTable(context: CopyContext, table: CopiedTable, columns: readonly Column[], from: TableProgress): Promise<number> {
  const batch = batchSizeFor(columns, context.batchRows);
  let { after, copied } = from;
  let inserted = 0;
  for (;;) {
    const rows = (await pageQuery(table, columns, after, batch).execute(context.source)).rows;
    const last = rows[rows.length - 1];
    if (!last) break;
    for (const row of rows) {
      for (const column of columns) {
        const why = unstorable(row[column.name], column.type);
        if (why !== null) throw new UnstorableValue(table.name, keyOf(table, row), column.name, why);
      }
    }
    after = keyOf(table, last);
    copied += rows.length;
    const next = { after, copied };
    await context.target.transaction().execute(async (trx) => {
      // One parameter per batch (the rows as JSON, typed by the table's own row type): binding one
      // parameter per value was three times slower. Keyed by the primary key: rows a lost progress
      // record would copy twice are skipped, never doubled.
      const names = sql.join(columns.map((c) => sql.ref(c.name)));
      const result = await sql`insert into ${sql.table(table.name)} (${names}) select ${names} from json_populate_recordset(null::${sql.table(table.name)}, ${asJson(rows, columns)}) on conflict (${sql.join(table.key.map((k) => sql.ref(k)))}) do nothing`.execute(trx);
      inserted += Number(result.numAffectedRows ?? 0n);
      await recordProgress(trx, table, next, context.clock());
    });
    context.onBatch?.({ table: table.name, rows: rows.length, copied });
    if (rows.length < batch) break;
  }
  return inserted;
}

/** Rows as JSON PostgreSQL reads back exactly: bytes as bytea's hex text, the rest as the drivers gave them. */
function asJson(rows: readonly Record<string, unknown>[], columns: readonly Column[]): string {
  const bytes = columns.filter((c) => c.type === 'bytea').map((c) => c.name);
  if (bytes.length === 0) return JSON.stringify(rows);
  return JSON.stringify(rows.map((row) => ({ ...row, ...Object.fromEntries(bytes.map((name) => [name, Buffer.isBuffer(row[name]) ? `\\x${row[name].toString('hex')}` : null])) })));
}

/** A serial key's sequence (audit_log.id) must hand out ids after the copied ones, or the console's next insert collides. */
async function advanceSequences(target: Db, table: CopiedTable): Promise<void> {
  for (const column of table.key) {
    const sequence = (await sql<{ name: string | null }>`select pg_get_serial_sequence(${table.name}, ${column}) as name`.execute(target)).rows[0]?.name;
    if (!sequence) continue;
    await sql`select setval(${sequence}::regclass, (select coalesce(max(${sql.ref(column)}), 0) + 1 from ${sql.table(table.name)}), false)`.execute(target);
  }
}
