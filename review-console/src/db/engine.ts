import { PostgresAdapter } from 'kysely';
import type { Db, DbEngine } from './tables.js';

/** Which engine a Kysely instance (or transaction) talks to. */
export function engineOf(db: Db): DbEngine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
