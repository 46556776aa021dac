import { sql, type RawBuilder } from 'kysely';
import { engineOf, localTimeSql, type LocalTimeSql } from '../db/local-time-sql.js';
import type { Db, DbEngine } from '../db/tables.js';

/*
 * Dashboard figures, aggregated in the database (GROUP BY on both engines, medians with
 * percentile_cont on PostgreSQL and window functions on SQLite): nothing here loads cases
 * into Node. Every query groups by up to three key columns k1..k3, chosen by the dimension.
 * The counts read only columns of the violations_figures index, the backlog only those of
 * violations_pending, the medians those of violations_ward_decision.
 */

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

type KeyExpressions = [RawBuilder<unknown>, RawBuilder<unknown>, RawBuilder<unknown>];

const NONE = sql<null>`null`;

function keyExpressions(dimension: FigureDimension, time: LocalTimeSql): KeyExpressions {
  switch (dimension) {
    case 'ward':
      return [sql.ref('ward_id'), NONE, NONE];
    case 'rule':
      return [sql.ref('rule_type'), NONE, NONE];
    // Camera ids are chosen per agent, so the same id may exist in two wards.
    case 'camera':
      return [sql.ref('ward_id'), sql.ref('camera_id'), NONE];
    case 'day':
      return [time.day('triggered_at'), NONE, NONE];
    case 'hour':
      return [time.weekday('triggered_at'), time.hour('triggered_at'), NONE];
    case 'all':
      return [NONE, NONE, NONE];
  }
}

/** A key as the caller can look it up: numbers stay numbers (PostgreSQL may send them as strings). */
export function keyOf(row: { k1: unknown; k2: unknown; k3: unknown }, dimension: FigureDimension): GroupKey {
  const numeric = dimension === 'hour';
  return [row.k1, row.k2, row.k3].map((k) => (k === null || k === undefined ? null : numeric ? Number(k) : String(k as string)));
}

export function keyText(key: GroupKey): string {
  return key.map((k) => (k === null ? '' : String(k))).join('\u0000');
}

export class FiguresRepository {
  private readonly engine: DbEngine;
  private readonly time: LocalTimeSql;

  constructor(private readonly db: Db) {
    this.engine = engineOf(db);
    this.time = localTimeSql(this.engine);
  }

  /** Cases triggered in the period, per group, split by status. */
  async counts(filter: FigureFilter, dimension: FigureDimension): Promise<GroupCounts[]> {
    if (filter.wards?.length === 0) return [];
    const [k1, k2, k3] = keyExpressions(dimension, this.time);
    const inner = this.inPeriod(filter).select([k1.as('k1'), k2.as('k2'), k3.as('k3'), 'status', ...(dimension === 'camera' ? (['camera_name'] as const) : [])]);
    const name = dimension === 'camera' ? sql<string | null>`max(camera_name)` : sql<null>`null`;
    const k1Out = dimension === 'day' ? this.time.dayText('k1') : sql<unknown>`k1`;
    const rows = await this.db
      .selectFrom(inner.as('f'))
      .select([
        k1Out.as('k1'), 'k2', 'k3',
        sql<number | string>`count(*)`.as('total'),
        sql<number | string>`sum(case when status = 'pending' then 1 else 0 end)`.as('pending'),
        sql<number | string>`sum(case when status = 'confirmed' then 1 else 0 end)`.as('confirmed'),
        sql<number | string>`sum(case when status = 'dismissed' then 1 else 0 end)`.as('dismissed'),
        name.as('camera_name'),
      ])
      .groupBy(['k1', 'k2', 'k3'])
      .execute();
    return rows.map((r) => ({
      key: keyOf(r, dimension),
      total: Number(r.total),
      pending: Number(r.pending),
      confirmed: Number(r.confirmed),
      dismissed: Number(r.dismissed),
      cameraName: r.camera_name ?? null,
    }));
  }

  /**
   * Median seconds from trigger to decision of the period's decided cases, per ward or overall
   * (the dashboard shows it per ward). PostgreSQL: percentile_cont. SQLite has no median: the
   * middle one or two rows of each ward, found with ROW_NUMBER and COUNT over the ward's rows in
   * seconds order, are averaged (the value percentile_cont(0.5) gives). SQLite is told to read
   * violations_ward_decision, which yields the rows already in that order: without statistics its
   * planner prefers the period's range and then sorts every decided case, several times slower
   * for a district's quarter. `decision_seconds` is set exactly when a case is decided (and
   * cleared when reopened), so it alone says "decided".
   */
  async medianDecisionSeconds(filter: FigureFilter, dimension: 'ward' | 'all'): Promise<Map<string, number>> {
    if (filter.wards?.length === 0) return new Map();
    const key = dimension === 'ward' ? sql.ref('ward_id') : NONE;
    const query =
      this.engine === 'postgres'
        ? sql<{ k1: unknown; median: number | string }>`
            select k1, percentile_cont(0.5) within group (order by secs) as median
            from (${this.inPeriod(filter).where('decision_seconds', 'is not', null).select([key.as('k1'), 'decision_seconds as secs'])}) as d
            group by k1`
        : sql<{ k1: unknown; median: number | string }>`
            select k1, avg(secs) as median
            from (
              select k1, secs,
                row_number() over byWard as rn,
                count(*) over (byWard rows between unbounded preceding and unbounded following) as n
              from (
                select ${key} as k1, decision_seconds as secs
                from violations indexed by violations_ward_decision
                where decision_seconds is not null and ${this.periodCondition(filter)}
                order by ward_id, decision_seconds
              ) as d
              window byWard as (partition by k1 order by secs)
            ) as ranked
            where rn in ((n + 1) / 2, (n + 2) / 2)
            group by k1`;
    const { rows } = await query.execute(this.db);
    return new Map(rows.map((r) => [keyText(keyOf({ k1: r.k1, k2: null, k3: null }, dimension)), Number(r.median)]));
  }

  /** Cases waiting for a decision right now, whenever they were triggered, per group (ward, rule, camera or all). */
  async backlog(filter: Omit<FigureFilter, 'from' | 'to'>, dimension: Exclude<FigureDimension, 'day' | 'hour'>): Promise<Map<string, number>> {
    if (filter.wards?.length === 0) return new Map();
    const [k1, k2, k3] = keyExpressions(dimension, this.time);
    let query = this.db.selectFrom('violations').where('status', '=', 'pending');
    if (filter.wards !== null) query = query.where('ward_id', 'in', filter.wards);
    if (filter.camera !== undefined) query = query.where('camera_id', '=', filter.camera);
    if (filter.rule !== undefined) query = query.where('rule_type', '=', filter.rule);
    const inner = query.select([k1.as('k1'), k2.as('k2'), k3.as('k3')]);
    const rows = await this.db.selectFrom(inner.as('p')).select(['k1', 'k2', 'k3', sql<number | string>`count(*)`.as('n')]).groupBy(['k1', 'k2', 'k3']).execute();
    return new Map(rows.map((r) => [keyText(keyOf(r, dimension)), Number(r.n)]));
  }

  /** The same conditions as inPeriod, as a raw SQL fragment for hand-written queries. */
  private periodCondition(filter: FigureFilter): RawBuilder<unknown> {
    const parts = [sql`triggered_at >= ${filter.from}`, sql`triggered_at < ${filter.to}`];
    if (filter.wards !== null) parts.push(sql`ward_id in (${sql.join(filter.wards)})`);
    if (filter.camera !== undefined) parts.push(sql`camera_id = ${filter.camera}`);
    if (filter.rule !== undefined) parts.push(sql`rule_type = ${filter.rule}`);
    return sql.join(parts, sql` and `);
  }

  private inPeriod(filter: FigureFilter) {
    let query = this.db.selectFrom('violations').where('triggered_at', '>=', filter.from).where('triggered_at', '<', filter.to);
    if (filter.wards !== null) query = query.where('ward_id', 'in', filter.wards);
    if (filter.camera !== undefined) query = query.where('camera_id', '=', filter.camera);
    if (filter.rule !== undefined) query = query.where('rule_type', '=', filter.rule);
    return query;
  }
}
