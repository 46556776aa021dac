import type { DashboardQuery, DashboardResponse, SummaryGroupBy, SummaryQuery, SummaryResponse, SummaryRow } from '../api/api-types.js';
import type { Language, RuleType } from '@wardwatch/contracts';
import { InvalidInput } from '../domain/errors.js';
import { figuresCsv } from '../domain/figures-csv.js';
import { LOCAL_TIME_ZONE, localDay } from '../domain/local-time.js';
import type { FigureDimension, FigureFilter, FiguresRepository } from '../repositories/figures.repository.js';
import type { UserRepository } from '../repositories/user.repository.js';
import type { WardRepository } from '../repositories/ward.repository.js';
import type { AccessService } from './access.service.js';
import type { Actor } from './actor.js';
import { figuresOf, summaryRows, type GroupFigures, type RowContext } from './dashboard-rows.js';

/** A day row per day of the period is built in Node; ten years keeps that small. */
const MAX_PERIOD_DAYS = 3_660;
const HOTSPOTS = 10;
/** How long a case may wait for a decision before it counts as overdue. */
export const DECISION_DEADLINE_HOURS = 24;

type FilterQuery = Pick<SummaryQuery, 'from' | 'to' | 'ward' | 'camera' | 'rule'>;

interface Scope {
  filter: FigureFilter;
  fromMs: number;
  toMs: number;
  wards: string[];
  wardNames: Map<string, string>;
  rule?: RuleType;
}

/** District dashboards: every figure the page and the summary API show. */
export class DashboardService {
  constructor(
    private readonly figures: FiguresRepository,
    private readonly wardRepo: WardRepository,
    private readonly access: AccessService,
    private readonly clock: () => Date,
    private readonly users: Pick<UserRepository, 'list'>,
    private readonly deadlineHours = DECISION_DEADLINE_HOURS,
  ) {}

  async summary(actor: Actor, query: FilterQuery & { groupBy: SummaryGroupBy }): Promise<SummaryResponse> {
    const scope = await this.scope(actor, query);
    return { from: scope.filter.from, to: scope.filter.to, timeZone: LOCAL_TIME_ZONE, groupBy: query.groupBy, rows: await this.table(scope, query.groupBy) };
  }

  async summaryCsv(actor: Actor, query: FilterQuery & { groupBy: SummaryGroupBy; lang?: Language }): Promise<{ filename: string; body: string }> {
    const summary = await this.summary(actor, query);
    // Named by the local days the period covers, as the district reads them.
    const name = `wardwatch-${query.groupBy}-${query.ward ?? 'all'}-${localDay(Date.parse(summary.from))}-${localDay(Date.parse(summary.to) - 1)}.csv`;
    return { filename: name, body: figuresCsv(query.groupBy, summary.rows, query.lang) };
  }

  async dashboard(actor: Actor, query: DashboardQuery): Promise<DashboardResponse> {
    const scope = await this.scope(actor, query);
    const span = scope.toMs - scope.fromMs;
    const before: Scope = { ...scope, fromMs: scope.fromMs - span, toMs: scope.fromMs, filter: { ...scope.filter, from: new Date(scope.fromMs - span).toISOString(), to: scope.filter.from } };
    const now = this.clock().getTime();
    const [totals, wards, rules, cameras, daily, heatmap, previous, ages, decisions, users] = await Promise.all([
      this.totals(scope),
      this.table(scope, 'ward'),
      this.table(scope, 'rule'),
      this.table(scope, 'camera'),
      this.table(scope, 'day'),
      this.table(scope, 'hour'),
      this.totals(before),
      this.figures.pendingAge(scope.filter, new Date(now - this.deadlineHours * 3_600_000).toISOString()),
      this.figures.decisionsByOfficer(scope.filter),
      this.users.list(),
    ]);
    const usernames = new Map(users.map((u) => [u.id, u.username]));
    const age = new Map(ages.map((a) => [a.ward, a]));
    return {
      from: scope.filter.from,
      to: scope.filter.to,
      timeZone: LOCAL_TIME_ZONE,
      generatedAt: this.clock().toISOString(),
      totals,
      wards,
      rules,
      cameras,
      hotspots: cameras.slice(0, HOTSPOTS),
      daily,
      heatmap,
      previous: { from: before.filter.from, to: before.filter.to, totals: previous },
      deadline: {
        hours: this.deadlineHours,
        wards: scope.wards.map((ward) => {
          const a = age.get(ward);
          return { ward, wardName: scope.wardNames.get(ward) ?? ward, pending: a?.pending ?? 0, overdue: a?.overdue ?? 0, oldestReceivedAt: a?.oldestReceivedAt ?? null };
        }),
      },
      officers: decisions.map((d) => ({ username: usernames.get(d.userId) ?? d.userId, decided: d.decided, confirmed: d.confirmed, dismissed: d.dismissed })).sort((a, b) => b.decided - a.decided || a.username.localeCompare(b.username)),
    };
  }

  private async table(scope: Scope, groupBy: SummaryGroupBy): Promise<SummaryRow[]> {
    const context: RowContext = { groupBy, fromMs: scope.fromMs, toMs: scope.toMs, wards: scope.wards, wardNames: scope.wardNames, rule: scope.rule };
    return summaryRows(context, await this.groupFigures(scope.filter, groupBy));
  }

  private async totals(scope: Scope) {
    const all = await this.groupFigures(scope.filter, 'all');
    const key = '\u0000\u0000';
    return figuresOf(all.counts[0], all.medians.get(key), all.backlog?.get(key) ?? 0);
  }

  private async groupFigures(filter: FigureFilter, dimension: FigureDimension): Promise<GroupFigures> {
    const [counts, medians, backlog] = await Promise.all([
      this.figures.counts(filter, dimension),
      dimension === 'ward' || dimension === 'all' ? this.figures.medianDecisionSeconds(filter, dimension) : new Map<string, number>(),
      dimension === 'day' || dimension === 'hour' ? null : this.figures.backlog(filter, dimension),
    ]);
    return { counts, medians, backlog };
  }

  private async scope(actor: Actor, query: FilterQuery): Promise<Scope> {
    const wardScope = await this.access.narrow(actor, query.ward);
    const fromMs = Date.parse(query.from);
    const toMs = Date.parse(query.to);
    if (!(toMs > fromMs)) throw new InvalidInput('`to` must be later than `from`');
    if (toMs - fromMs > MAX_PERIOD_DAYS * 86_400_000) throw new InvalidInput(`the period may be at most ${MAX_PERIOD_DAYS} days`);
    const allWards = await this.wardRepo.listWards();
    const wards = wardScope ?? allWards.map((w) => w.id);
    return {
      filter: { wards: wardScope, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), camera: query.camera, rule: query.rule },
      fromMs,
      toMs,
      wards: [...wards].sort(),
      wardNames: new Map(allWards.map((w) => [w.id, w.name])),
      rule: query.rule,
    };
  }
}
