import { sql, type RawBuilder } from 'kysely';
import { engineOf } from '../db/engine.js';
import { localDay, localWeekdayHour } from '../domain/local-time.js';
import type { Db, DbEngine } from '../db/tables.js';

/*
 * Dashboard figures, aggregated in the database (GROUP BY on both engines, medians with
 * percentile_cont on PostgreSQL and a count plus LIMIT/OFFSET on SQLite): nothing here loads
 * cases into Node. Every query groups by the key columns of its dimension (k1, k2; none for `all`).
 * The counts read only columns of the violations_figures index, the backlog only those of
 * violations_pending, the medians those of violations_ward_decision.
 */

/**
 * Planner settings for the figure queries on PostgreSQL, for their transaction only. With the
 * default random_page_cost of 4 (spinning disks) PostgreSQL reads a district's quarter as a
 * (parallel) sequential scan of the table, about twice as slow as the index-only scan over the
 * covering indexes above on SSD storage; on a small box the parallel workers also compete with
 * the console's own queries. The rest of the console keeps the server's settings.
 */
const POSTGRES_FIGURE_SETTINGS = sql`select set_config('random_page_cost', '1.1', true), set_config('max_parallel_workers_per_gather', '0', true)`;

/** `all` is one group (the period's totals). */
export type FigureDimension = 'ward' | 'rule' | 'camera' | 'day' | 'hour' | 'all';

export interface FigureFilter {
  /** null = every ward; [] = none. */
  wards: string[] | null;
  /** [from, to) on triggered_at, UTC ISO. */
  from: string;
  to: string;
  camera?: string;
  rule?: string;
}

export type GroupKey = readonly (string | number | null)[];

export interface GroupCounts {
  key: GroupKey;
  total: number;
  pending: number;
  confirmed: number;
  dismissed: number;
  /** The camera's name (latest alphabetically when it was renamed); null for other dimensions. */
  cameraName: string | null;
}

const NONE = sql<null>`null`;

/**
 * The UTC hour of a stored `YYYY-MM-DDTHH:MM:SS.sssZ` time, as its first 13 characters. Days and
 * hours are counted per UTC hour in the database and folded into local days or weekday x hour
 * cells here (see domain/local-time.ts): at most 24 rows per day leave the database, and it only
 * cuts a prefix instead of parsing every case's time into a local date (PostgreSQL, a district's
 * quarter by weekday and hour: 65 against 150-220 ms).
 */
const UTC_HOUR = sql<string>`substr(triggered_at, 1, 13)`;

/**
 * The grouping columns of a dimension, named k1, k2 in the queries. A dimension groups only by
 * the columns it has: a constant null in GROUP BY makes SQLite sort every row in a temporary
 * b-tree instead of walking an index that is already in group order (60 against 22 ms for a
 * district's quarter by ward).
 */
function keyExpressions(dimension: FigureDimension): RawBuilder<unknown>[] {
  switch (dimension) {
    case 'ward':
      return [sql.ref('ward_id')];
    case 'rule':
      return [sql.ref('rule_type')];
    // Camera ids are chosen per agent, so the same id may exist in two wards.
    case 'camera':
      return [sql.ref('ward_id'), sql.ref('camera_id')];
    case 'day':
    case 'hour':
      return [UTC_HOUR];
    case 'all':
      return [];
  }
}

/** The local key of a UTC hour bucket: the local day, or the local weekday and hour. */
function localKey(utcHour: string, dimension: 'day' | 'hour'): GroupKey {
  const ms = Date.parse(`${utcHour}:00:00.000Z`);
  if (dimension === 'day') return [localDay(ms), null, null];
  const { weekday, hour } = localWeekdayHour(ms);
  return [weekday, hour, null];
}

/** Adds up groups with the same key (the UTC hours of one local day or weekday x hour cell). */
function sumByKey(counts: GroupCounts[]): GroupCounts[] {
  const byKey = new Map<string, GroupCounts>();
  for (const c of counts) {
    const text = keyText(c.key);
    const sum = byKey.get(text);
    if (!sum) byKey.set(text, { ...c });
    else {
      sum.total += c.total;
      sum.pending += c.pending;
      sum.confirmed += c.confirmed;
      sum.dismissed += c.dismissed;
    }
  }
  return [...byKey.values()];
}

const keyName = (i: number): string => `k${i + 1}`;

/** The key of a ward, rule or camera group as the caller looks it up (local days and hours come from localKey). */
function keyOf(row: { k1?: unknown; k2?: unknown }): GroupKey {
  return [row.k1, row.k2, null].map((k) => (k === null || k === undefined ? null : String(k as string)));
}

export function keyText(key: GroupKey): string {
  return key.map((k) => (k === null ? '' : String(k))).join('\u0000');
}

interface CountRow {
  k1?: unknown;
  k2?: unknown;
  total: number | string;
  pending: number | string | null;
  confirmed: number | string | null;
  dismissed: number | string | null;
  camera_name: string | null;
}

export class FiguresRepository {
  private readonly engine: DbEngine;

  constructor(private readonly db: Db) {
    this.engine = engineOf(db);
  }

  /** Cases triggered in the period, per group, split by status. */
  async counts(filter: FigureFilter, dimension: FigureDimension): Promise<GroupCounts[]> {
    if (filter.wards?.length === 0) return [];
    const keys = keyExpressions(dimension);
    return this.read(async (db) => {
      const inner = this.inPeriod(db, filter).select([...keys.map((k, i) => k.as(keyName(i))), 'status', ...(dimension === 'camera' ? (['camera_name'] as const) : [])]);
      const name = dimension === 'camera' ? sql<string | null>`max(camera_name)` : sql<null>`null`;
      const columns = keys.map((_k, i) => sql.ref(keyName(i)));
      // Conditional sums rather than GROUP BY status: with a rule filter, grouping by status too
      // led SQLite's planner to a non-covering index (74 against 25 ms for a district's quarter).
      const { rows } = await sql<CountRow>`
        select ${sql.join([
          ...columns,
          sql`count(*) as total`,
          sql`sum(case when status = 'pending' then 1 else 0 end) as pending`,
          sql`sum(case when status = 'confirmed' then 1 else 0 end) as confirmed`,
          sql`sum(case when status = 'dismissed' then 1 else 0 end) as dismissed`,
          sql`${name} as camera_name`,
        ])}
        from (${inner}) as f
        ${columns.length > 0 ? sql`group by ${sql.join(columns)}` : sql``}`.execute(db);
      const counts = rows.map((r) => ({
        key: dimension === 'day' || dimension === 'hour' ? localKey(String(r.k1), dimension) : keyOf(r),
        total: Number(r.total),
        pending: Number(r.pending),
        confirmed: Number(r.confirmed),
        dismissed: Number(r.dismissed),
        cameraName: r.camera_name ?? null,
      }));
      return dimension === 'day' || dimension === 'hour' ? sumByKey(counts) : counts;
    });
  }

  /**
   * Median seconds from trigger to decision of the period's decided cases, per ward or overall
   * (the dashboard shows it per ward). `decision_seconds` is set exactly when a case is decided
   * (and cleared when reopened), so it alone says "decided". PostgreSQL: percentile_cont.
   */
  async medianDecisionSeconds(filter: FigureFilter, dimension: 'ward' | 'all'): Promise<Map<string, number>> {
    if (filter.wards?.length === 0) return new Map();
    if (this.engine === 'sqlite') return this.sqliteMedians(filter, dimension);
    const key = dimension === 'ward' ? sql.ref('ward_id') : NONE;
    return this.read(async (db) => {
      const { rows } = await sql<{ k1: unknown; median: number | string }>`
        select k1, percentile_cont(0.5) within group (order by secs) as median
        from (${this.inPeriod(db, filter).where('decision_seconds', 'is not', null).select([key.as('k1'), 'decision_seconds as secs'])}) as d
        group by k1`.execute(db);
      return new Map(rows.map((r) => [keyText(keyOf({ k1: r.k1 })), Number(r.median)]));
    });
  }

  /**
   * SQLite has no median. Each group's decided cases are counted, then the middle one or two are
   * read with LIMIT/OFFSET from violations_ward_decision, which holds them in (ward, seconds)
   * order: their average is what percentile_cont(0.5) gives. Numbering every decided case with
   * window functions instead took 100-140 ms for a district's quarter on 100,000 cases; this
   * takes about 12. One read transaction, so the counts and the offsets see the same cases.
   */
  private sqliteMedians(filter: FigureFilter, dimension: 'ward' | 'all'): Promise<Map<string, number>> {
    const period = this.periodCondition(filter);
    const byWard = dimension === 'ward';
    return this.db.transaction().execute(async (trx) => {
      const { rows: groups } = await sql<{ ward: string | null; n: number }>`
        select ${byWard ? sql.ref('ward_id') : NONE} as ward, count(*) as n
        from violations indexed by violations_ward_decision
        where decision_seconds is not null and ${period}
        ${byWard ? sql`group by ward_id` : sql``}`.execute(trx);
      const medians = new Map<string, number>();
      for (const { ward, n } of groups) {
        const sameWard = byWard ? sql` and ward_id = ${ward}` : sql``;
        const { rows } = await sql<{ median: number | null }>`
          select avg(secs) as median from (
            select decision_seconds as secs
            from violations indexed by violations_ward_decision
            where decision_seconds is not null and ${period}${sameWard}
            order by decision_seconds
            limit ${2 - (n % 2)} offset ${Math.floor((n - 1) / 2)}
          ) as middle`.execute(trx);
        const median = rows[0]?.median;
        if (median !== null && median !== undefined) medians.set(keyText(keyOf({ k1: ward })), Number(median));
      }
      return medians;
    });
  }

  /** Cases waiting for a decision right now, whenever they were triggered, per group (ward, rule, camera or all). */
  async backlog(filter: Omit<FigureFilter, 'from' | 'to'>, dimension: Exclude<FigureDimension, 'day' | 'hour'>): Promise<Map<string, number>> {
    if (filter.wards?.length === 0) return new Map();
    const keys = keyExpressions(dimension);
    return this.read(async (db) => {
      let query = db.selectFrom('violations').where('status', '=', 'pending');
      if (filter.wards !== null) query = query.where('ward_id', 'in', filter.wards);
      if (filter.camera !== undefined) query = query.where('camera_id', '=', filter.camera);
      if (filter.rule !== undefined) query = query.where('rule_type', '=', filter.rule);
      const columns = keys.map((_k, i) => sql.ref(keyName(i)));
      const inner = query.select(keys.length > 0 ? keys.map((k, i) => k.as(keyName(i))) : [sql<number>`1`.as('one')]);
      const { rows } = await sql<{ k1?: unknown; k2?: unknown; n: number | string }>`
        select ${sql.join([...columns, sql`count(*) as n`])}
        from (${inner}) as p
        ${columns.length > 0 ? sql`group by ${sql.join(columns)}` : sql``}`.execute(db);
      return new Map(rows.map((r) => [keyText(keyOf(r)), Number(r.n)]));
    });
  }

  /**
   * Waiting cases per ward against a decision deadline: how many wait, how many have waited
   * longer than the deadline (received before `overdueBefore`), and since when the oldest waits.
   */
  async pendingAge(filter: Omit<FigureFilter, 'from' | 'to'>, overdueBefore: string): Promise<{ ward: string; pending: number; overdue: number; oldestReceivedAt: string | null }[]> {
    if (filter.wards?.length === 0) return [];
    return this.read(async (db) => {
      let query = db
        .selectFrom('violations')
        .where('status', '=', 'pending')
        .select([
          'ward_id',
          sql<number | string>`count(*)`.as('pending'),
          sql<number | string>`sum(case when received_at < ${overdueBefore} then 1 else 0 end)`.as('overdue'),
          sql<string | null>`min(received_at)`.as('oldest'),
        ])
        .groupBy('ward_id');
      if (filter.wards !== null) query = query.where('ward_id', 'in', filter.wards);
      if (filter.camera !== undefined) query = query.where('camera_id', '=', filter.camera);
      if (filter.rule !== undefined) query = query.where('rule_type', '=', filter.rule);
      const rows = await query.execute();
      return rows.map((r) => ({ ward: r.ward_id, pending: Number(r.pending), overdue: Number(r.overdue), oldestReceivedAt: r.oldest }));
    });
  }

  /** Each officer's decisions on the period's cases: how many, and which way. */
  async decisionsByOfficer(filter: FigureFilter): Promise<{ userId: string; decided: number; confirmed: number; dismissed: number }[]> {
    if (filter.wards?.length === 0) return [];
    return this.read(async (db) => {
      const rows = await this.inPeriod(db, filter)
        .where('decided_by', 'is not', null)
        .where('status', '!=', 'pending')
        .select([
          'decided_by',
          sql<number | string>`count(*)`.as('decided'),
          sql<number | string>`sum(case when status = 'confirmed' then 1 else 0 end)`.as('confirmed'),
          sql<number | string>`sum(case when status = 'dismissed' then 1 else 0 end)`.as('dismissed'),
        ])
        .groupBy('decided_by')
        .execute();
      return rows.map((r) => ({ userId: String(r.decided_by), decided: Number(r.decided), confirmed: Number(r.confirmed), dismissed: Number(r.dismissed) }));
    });
  }

  /** Runs one figure query; on PostgreSQL in a read-only transaction with the figure planner settings. */
  private read<T>(query: (db: Db) => Promise<T>): Promise<T> {
    if (this.engine !== 'postgres') return query(this.db);
    return this.db.transaction().setAccessMode('read only').execute(async (trx) => {
      await POSTGRES_FIGURE_SETTINGS.execute(trx);
      return query(trx);
    });
  }

  /** The same conditions as inPeriod, as a raw SQL fragment for hand-written queries. */
  private periodCondition(filter: FigureFilter): RawBuilder<unknown> {
    const parts = [sql`triggered_at >= ${filter.from}`, sql`triggered_at < ${filter.to}`];
    if (filter.wards !== null) parts.push(sql`ward_id in (${sql.join(filter.wards)})`);
    if (filter.camera !== undefined) parts.push(sql`camera_id = ${filter.camera}`);
    if (filter.rule !== undefined) parts.push(sql`rule_type = ${filter.rule}`);
    return sql.join(parts, sql` and `);
  }

  private inPeriod(db: Db, filter: FigureFilter) {
    let query = db.selectFrom('violations').where('triggered_at', '>=', filter.from).where('triggered_at', '<', filter.to);
    if (filter.wards !== null) query = query.where('ward_id', 'in', filter.wards);
    if (filter.camera !== undefined) query = query.where('camera_id', '=', filter.camera);
    if (filter.rule !== undefined) query = query.where('rule_type', '=', filter.rule);
    return query;
  }
}
