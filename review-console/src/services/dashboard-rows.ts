import { ruleTypes, type RuleType } from '@wardwatch/contracts';
import type { Figures, SummaryGroupBy, SummaryRow } from '../api/api-types.js';
import { localDaysBetween } from '../domain/local-time.js';
import { keyText, type GroupCounts, type GroupKey } from '../repositories/figures.repository.js';

/*
 * Turns the database's per-group aggregates into the API's rows: adds the groups that had no
 * cases (every ward in scope, every rule, every day of the period, all 168 heatmap cells) so
 * charts and tables show zeros instead of gaps, and derives rates.
 */

export interface GroupFigures {
  counts: GroupCounts[];
  medians: Map<string, number>;
  /** null for dimensions without a backlog (day, hour). */
  backlog: Map<string, number> | null;
}

export interface RowContext {
  groupBy: SummaryGroupBy;
  fromMs: number;
  toMs: number;
  /** Wards to show even with no cases, in order. */
  wards: readonly string[];
  wardNames: ReadonlyMap<string, string>;
  /** The rule filter, when one was asked for. */
  rule?: RuleType;
}

export function confirmationRate(confirmed: number, dismissed: number): number | null {
  const decided = confirmed + dismissed;
  return decided === 0 ? null : Math.round((confirmed / decided) * 10_000) / 10_000;
}

function roundMs(seconds: number | undefined): number | null {
  return seconds === undefined || !Number.isFinite(seconds) ? null : Math.round(seconds * 1000) / 1000;
}

export function figuresOf(counts: Omit<GroupCounts, 'key' | 'cameraName'> | undefined, median: number | undefined, backlog: number | null): Figures {
  const c = counts ?? { total: 0, pending: 0, confirmed: 0, dismissed: 0 };
  return {
    total: c.total,
    pending: c.pending,
    confirmed: c.confirmed,
    dismissed: c.dismissed,
    confirmationRate: confirmationRate(c.confirmed, c.dismissed),
    medianDecisionSeconds: roundMs(median),
    backlog,
  };
}

const EMPTY_DIMENSIONS = { ward: null, wardName: null, ruleType: null, cameraId: null, cameraName: null, day: null, weekday: null, hour: null } as const;

/** The groups to show, in order: those that must appear with zeros, then any others the data has. */
function orderedKeys(context: RowContext, counts: GroupCounts[]): GroupKey[] {
  switch (context.groupBy) {
    case 'ward': {
      const listed = new Set(context.wards);
      const extra = counts.map((c) => String(c.key[0])).filter((w) => !listed.has(w)).sort();
      return [...context.wards, ...extra].map((w) => [w, null, null]);
    }
    case 'rule':
      return (context.rule ? [context.rule] : ruleTypes).map((r) => [r, null, null]);
    case 'camera':
      return [...counts].sort((a, b) => b.total - a.total || keyText(a.key).localeCompare(keyText(b.key))).map((c) => c.key);
    case 'day':
      return localDaysBetween(context.fromMs, context.toMs).map((d) => [d, null, null]);
    case 'hour': {
      const cells: GroupKey[] = [];
      for (let weekday = 1; weekday <= 7; weekday += 1) for (let hour = 0; hour < 24; hour += 1) cells.push([weekday, hour, null]);
      return cells;
    }
  }
}

function dimensionFields(context: RowContext, key: GroupKey, counts: GroupCounts | undefined): Omit<SummaryRow, keyof Figures> {
  const [k1, k2] = key;
  switch (context.groupBy) {
    case 'ward':
      return { ...EMPTY_DIMENSIONS, key: String(k1), ward: String(k1), wardName: context.wardNames.get(String(k1)) ?? null };
    case 'rule':
      return { ...EMPTY_DIMENSIONS, key: String(k1), ruleType: k1 as RuleType };
    case 'camera':
      return {
        ...EMPTY_DIMENSIONS,
        key: `${String(k1)}/${String(k2)}`,
        ward: String(k1),
        wardName: context.wardNames.get(String(k1)) ?? null,
        cameraId: String(k2),
        cameraName: counts?.cameraName ?? null,
      };
    case 'day':
      return { ...EMPTY_DIMENSIONS, key: String(k1), day: String(k1) };
    case 'hour':
      return { ...EMPTY_DIMENSIONS, key: `${String(k1)}-${String(k2)}`, weekday: Number(k1), hour: Number(k2) };
  }
}

export function summaryRows(context: RowContext, figures: GroupFigures): SummaryRow[] {
  const byKey = new Map(figures.counts.map((c) => [keyText(c.key), c]));
  return orderedKeys(context, figures.counts).map((key) => {
    const text = keyText(key);
    const counts = byKey.get(text);
    const backlog = figures.backlog === null ? null : (figures.backlog.get(text) ?? 0);
    return { ...dimensionFields(context, key, counts), ...figuresOf(counts, figures.medians.get(text), backlog) };
  });
}
