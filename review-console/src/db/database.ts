import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { ConsoleMigrations } from './migrations.js';
import type { ConsoleTables, Db, DbEngine } from './tables.js';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; unset means SQLite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** PostgreSQL only: every connection works in this schema (tests use a fresh one each run). */
  schema?: string;
  sqliteFile?: string;
}

export interface OpenDatabase {
  db: Db;
  engine: DbEngine;
  /**
   * Keeps the query planner's statistics current. SQLite has no autovacuum-style analyser: without
   * statistics it reads a district's quarter through the time index and sorts it for GROUP BY
   * ward, three times slower than walking the ward index it would pick with them. SQLite's own
   * advice for long-running programs is `PRAGMA optimize` at start and every few hours; it only
   * analyses tables whose size changed enough. PostgreSQL's autovacuum does this by itself.
   */
  optimize(): Promise<void>;
  close(): Promise<void>;
}

/** The SQLite console's file in its data folder (unless `sqliteFile` says otherwise). */
export function sqliteFileIn(dataDir: string): string {
  return join(dataDir, 'console.sqlite');
}

export function openDatabase(options: OpenDatabaseOptions): OpenDatabase {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = new Kysely<ConsoleTables>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', optimize: () => Promise.resolve(), close: () => db.destroy() };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const file = options.sqliteFile ?? sqliteFileIn(options.dataDir);
  const sqlite = new BetterSqlite3(file);
  // WAL lets the API read while the worker writes; NORMAL sync is durable across process crashes
  // (a power cut may lose the last commits, which the queue redelivers because they were never acked).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<ConsoleTables>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    engine: 'sqlite',
    // 0x10002: analyse tables that never were too (a fresh or bulk-loaded database), within a bounded effort.
    optimize: () => Promise.resolve(void sqlite.pragma('optimize(0x10002)')),
    close: () => db.destroy(),
  };
}

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Db, engine: DbEngine): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one; another
  // WardWatch (or a parallel test run) in the same database must not be mistaken for ours.
  const schema = engine === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db, provider: new ConsoleMigrations(engine), ...(schema ? { migrationTableSchema: schema } : {}) });
  let { error, results } = await migrator.migrateToLatest();
  // The migrator reads the table list of every schema; one dropped meanwhile by someone else
  // (parallel test runs share a database) fails that read. Nothing was applied: look again.
  for (let retry = 0; retry < 3 && error !== undefined && anotherSchemaVanished(error, schema); retry += 1) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
  }
}

/** PostgreSQL's invalid_schema_name (3F000) about a schema that is not ours. */
function anotherSchemaVanished(error: unknown, ours: string | undefined): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '3F000' && typeof message === 'string' && (ours === undefined || !message.includes(`"${ours}"`));
}

export function isoNow(clock: () => Date): string {
  return clock().toISOString();
}
