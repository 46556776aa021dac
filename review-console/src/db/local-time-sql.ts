import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { LOCAL_UTC_OFFSET_HOURS } from '../domain/local-time.js';
import type { Db, DbEngine } from './tables.js';

/** Which engine a Kysely instance (or transaction) talks to. */
export function engineOf(db: Db): DbEngine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Local-time bucketing of the stored UTC ISO strings, in SQL, for either engine. The shift is the
 * fixed Vietnam offset (see local-time.ts), written into the SQL as a constant rather than a bound
 * parameter so the same expression can appear in SELECT and GROUP BY on PostgreSQL.
 */
export interface LocalTimeSql {
  /** `YYYY-MM-DD`, the local calendar day. */
  day(column: string): RawBuilder<string>;
  /** ISO weekday of the local day: 1 = Monday ... 7 = Sunday. */
  weekday(column: string): RawBuilder<number>;
  /** Local hour of day, 0-23. */
  hour(column: string): RawBuilder<number>;
  /** Seconds from one ISO time column to another (fractional). */
  secondsBetween(start: string, end: string): RawBuilder<number>;
}

const sqliteShift = sql.raw(`'+${LOCAL_UTC_OFFSET_HOURS} hours'`);
const pgShift = sql.raw(`interval '${LOCAL_UTC_OFFSET_HOURS} hours'`);

const sqliteTime: LocalTimeSql = {
  day: (c) => sql<string>`strftime('%Y-%m-%d', ${sql.ref(c)}, ${sqliteShift})`,
  weekday: (c) => sql<number>`cast(strftime('%u', ${sql.ref(c)}, ${sqliteShift}) as integer)`,
  hour: (c) => sql<number>`cast(strftime('%H', ${sql.ref(c)}, ${sqliteShift}) as integer)`,
  secondsBetween: (start, end) => sql<number>`(unixepoch(${sql.ref(end)}, 'subsec') - unixepoch(${sql.ref(start)}, 'subsec'))`,
};

/** The stored text carries its `Z`, so the cast to timestamptz is unambiguous whatever the session time zone. */
const pgLocal = (c: string) => sql`((${sql.ref(c)}::timestamptz at time zone 'UTC') + ${pgShift})`;

const postgresTime: LocalTimeSql = {
  day: (c) => sql<string>`to_char(${pgLocal(c)}, 'YYYY-MM-DD')`,
  weekday: (c) => sql<number>`extract(isodow from ${pgLocal(c)})::int`,
  hour: (c) => sql<number>`extract(hour from ${pgLocal(c)})::int`,
  secondsBetween: (start, end) => sql<number>`extract(epoch from (${sql.ref(end)}::timestamptz - ${sql.ref(start)}::timestamptz))::float8`,
};

export function localTimeSql(engine: DbEngine): LocalTimeSql {
  return engine === 'postgres' ? postgresTime : sqliteTime;
}
