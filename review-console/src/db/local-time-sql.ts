import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { LOCAL_UTC_OFFSET_HOURS } from '../domain/local-time.js';
import type { Db, DbEngine } from './tables.js';

/** Which engine a Kysely instance (or transaction) talks to. */
export function engineOf(db: Db): DbEngine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Local-time bucketing of the stored UTC ISO strings (`YYYY-MM-DDTHH:MM:SS.sssZ`), in SQL, for
 * either engine. The shift is the fixed Vietnam offset (see local-time.ts), written into the SQL
 * as a constant rather than a bound parameter so the same expression can appear in SELECT and
 * GROUP BY on PostgreSQL. The expressions work on the text itself where they can: parsing 100,000
 * strings into timestamps is most of the cost of a dashboard query.
 */
export interface LocalTimeSql {
  /** The local calendar day, as a key to group by (text on SQLite, a date on PostgreSQL). */
  day(column: string): RawBuilder<unknown>;
  /** A grouped `day` key as `YYYY-MM-DD` text. */
  dayText(key: string): RawBuilder<string>;
  /** ISO weekday of the local day: 1 = Monday ... 7 = Sunday. */
  weekday(column: string): RawBuilder<number>;
  /** Local hour of day, 0-23. */
  hour(column: string): RawBuilder<number>;
}

const OFFSET = sql.raw(String(LOCAL_UTC_OFFSET_HOURS));
const sqliteShift = sql.raw(`'+${LOCAL_UTC_OFFSET_HOURS} hours'`);

const sqliteTime: LocalTimeSql = {
  day: (c) => sql<string>`date(${sql.ref(c)}, ${sqliteShift})`,
  dayText: (k) => sql<string>`${sql.ref(k)}`,
  weekday: (c) => sql<number>`cast(strftime('%u', ${sql.ref(c)}, ${sqliteShift}) as integer)`,
  hour: (c) => sql<number>`((cast(substr(${sql.ref(c)}, 12, 2) as integer) + ${OFFSET}) % 24)`,
};

/**
 * The UTC date from the text's digits, plus one day when the UTC hour plus the offset passes
 * midnight: exact for a whole-hour offset between 0 and +23, as Vietnam's +7 is.
 */
const pgLocalDate = (c: string) =>
  sql`(make_date(substr(${sql.ref(c)}, 1, 4)::int, substr(${sql.ref(c)}, 6, 2)::int, substr(${sql.ref(c)}, 9, 2)::int) + (substr(${sql.ref(c)}, 12, 2)::int + ${OFFSET}) / 24)`;

const postgresTime: LocalTimeSql = {
  day: (c) => pgLocalDate(c),
  dayText: (k) => sql<string>`to_char(${sql.ref(k)}, 'YYYY-MM-DD')`,
  weekday: (c) => sql<number>`extract(isodow from ${pgLocalDate(c)})::int`,
  hour: (c) => sql<number>`((substr(${sql.ref(c)}, 12, 2)::int + ${OFFSET}) % 24)`,
};

export function localTimeSql(engine: DbEngine): LocalTimeSql {
  return engine === 'postgres' ? postgresTime : sqliteTime;
}
