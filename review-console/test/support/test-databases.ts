import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../src/db/database.js';

export interface TestDatabase extends OpenDatabase {
  /** Where media files and the SQLite file live for this test. */
  dataDir: string;
  /** For PostgreSQL: the URL and schema a spawned console should use. */
  databaseUrl?: string;
  schema?: string;
}

export interface DatabaseTarget {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database; migrated to the latest schema unless `migrate` is false. */
  open(options?: { migrate?: boolean }): Promise<TestDatabase>;
}

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';

function listening(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(1_000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

/**
 * PostgreSQL URL for tests, or null (with a visible skip message) when none is configured or
 * listening. In CI (`CI` set, as .ci/run does) a missing PostgreSQL is an error: half the
 * database tests silently not running must fail the run, not pass it.
 */
export async function postgresUrl(): Promise<string | null> {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  if (await listening(5432, '127.0.0.1')) return DEFAULT_PG;
  if (process.env.CI) throw new Error('CI: PostgreSQL is required: set TEST_DATABASE_URL or start one on 127.0.0.1:5432');
  process.stderr.write('SKIPPING PostgreSQL tests: TEST_DATABASE_URL is unset and nothing listens on 127.0.0.1:5432\n');
  return null;
}

export const sqliteTarget: DatabaseTarget = {
  name: 'sqlite',
  async open(options = {}) {
    const dataDir = mkdtempSync(join(tmpdir(), 'ww-console-'));
    const database = openDatabase({ dataDir });
    if (options.migrate !== false) await migrateToLatest(database.db, database.engine);
    return {
      ...database,
      dataDir,
      async close() {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** A fresh schema per open, dropped on close, so parallel runs never share tables. */
export function postgresTarget(url: string): DatabaseTarget {
  return {
    name: 'postgres',
    async open(options = {}) {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      const dataDir = mkdtempSync(join(tmpdir(), 'ww-console-pg-'));
      const database = openDatabase({ databaseUrl: url, schema, dataDir });
      const dropSchema = async () => {
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await cleanup.end();
      };
      try {
        if (options.migrate !== false) await migrateToLatest(database.db, database.engine);
      } catch (error) {
        await database.close();
        await dropSchema();
        throw error;
      }
      return {
        ...database,
        dataDir,
        databaseUrl: url,
        schema,
        async close() {
          await database.close();
          await dropSchema();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** SQLite always; PostgreSQL when available. */
export async function databaseTargets(): Promise<DatabaseTarget[]> {
  const url = await postgresUrl();
  return url ? [sqliteTarget, postgresTarget(url)] : [sqliteTarget];
}
