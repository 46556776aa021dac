import { summaryGroupBys, type SummaryGroupBy } from '../src/api/api-types.js';
import type { Actor } from '../src/services/actor.js';
import type { ConsoleServices } from '../src/services/console-services.js';
import { BENCH_WARDS } from './bench-cases.js';

export interface TimingStats { queries: number; p50Ms: number; p95Ms: number; maxMs: number }
export interface SummaryBench {
  engine: string;
  cases: number;
  /** `GET /api/dashboard/summary` per groupBy. */
  byGroup: Record<SummaryGroupBy, TimingStats>;
  /** `GET /api/dashboard` (every table at once), for the page; informative, no target. */
  page: TimingStats;
}

const DAY_MS = 86_400_000;

export function timingStats(timings: number[]): TimingStats {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { queries: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted[sorted.length - 1] ?? 0 };
}

/**
 * District-style questions over the bench data (90 days, 10 wards): an admin over the whole 90
 * days (every case), a supervisor of 5 wards over 30 days, an officer of one ward over 7 days,
 * the occasional rule filter. Service calls, as the route makes them, so HTTP is not measured.
 */
function scenario(q: number, endMs: number): { actor: Actor; from: string; to: string; rule?: 'littering' } {
  const kind = q % 3;
  const actor: Actor =
    kind === 0
      ? { id: 'bench', username: 'bench-admin', role: 'admin', wards: [], districtId: null }
      : kind === 1
        ? { id: 'bench', username: 'bench-supervisor', role: 'supervisor', wards: BENCH_WARDS.slice(q % 5, (q % 5) + 5), districtId: null }
        : { id: 'bench', username: 'bench-officer', role: 'officer', wards: [BENCH_WARDS[q % 10]!], districtId: null };
  const days = kind === 0 ? 91 : kind === 1 ? 30 : 7;
  return { actor, from: new Date(endMs - days * DAY_MS).toISOString(), to: new Date(endMs + 1).toISOString(), ...(q % 4 === 3 ? { rule: 'littering' as const } : {}) };
}

export async function benchSummary(engine: string, services: ConsoleServices, cases: number, endMs: number, log: (l: string) => void, rounds = 60): Promise<SummaryBench> {
  const byGroup = {} as Record<SummaryGroupBy, TimingStats>;
  for (const groupBy of summaryGroupBys) {
    const timings: number[] = [];
    for (let q = 0; q < rounds; q += 1) {
      const { actor, ...period } = scenario(q, endMs);
      const t0 = performance.now();
      await services.dashboard.summary(actor, { ...period, groupBy });
      timings.push(performance.now() - t0);
    }
    byGroup[groupBy] = timingStats(timings);
    log(`${engine}: summary groupBy=${groupBy}: p50 ${byGroup[groupBy].p50Ms.toFixed(1)} ms, p95 ${byGroup[groupBy].p95Ms.toFixed(1)} ms over ${rounds} queries`);
  }
  const pageTimings: number[] = [];
  for (let q = 0; q < Math.ceil(rounds / 2); q += 1) {
    const { actor, ...period } = scenario(q, endMs);
    const t0 = performance.now();
    await services.dashboard.dashboard(actor, period);
    pageTimings.push(performance.now() - t0);
  }
  const page = timingStats(pageTimings);
  log(`${engine}: whole dashboard page: p50 ${page.p50Ms.toFixed(1)} ms, p95 ${page.p95Ms.toFixed(1)} ms`);
  return { engine, cases, byGroup, page };
}
