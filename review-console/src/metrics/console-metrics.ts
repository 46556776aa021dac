import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One Registry per process, passed in; never prom-client's global default. */
export function createRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? false) collectDefaultMetrics({ register: registry, prefix: 'wardwatch_console_' });
  return registry;
}

export interface ConsoleMetrics {
  jobsProcessed: Counter<'queue' | 'result'>;
  jobsFailed: Counter<'queue' | 'reason'>;
  decisionLatency: Histogram<'decision'>;
  backlog: Gauge<'ward'>;
}

/**
 * `pendingByWard` is read at scrape time, so the backlog is right whichever process (API,
 * worker, another replica) changed it.
 */
export function createConsoleMetrics(registry: Registry, pendingByWard: () => Promise<{ ward: string; pending: number }[]>): ConsoleMetrics {
  const jobsProcessed = new Counter({
    name: 'wardwatch_console_jobs_processed_total',
    help: 'Queue jobs handled successfully, by queue and result (stored, duplicate, heartbeat)',
    labelNames: ['queue', 'result'],
    registers: [registry],
  });
  const jobsFailed = new Counter({
    name: 'wardwatch_console_jobs_failed_total',
    help: 'Queue job attempts that failed, by queue and reason (invalid, rejected, media_missing, error)',
    labelNames: ['queue', 'reason'],
    registers: [registry],
  });
  // Review happens in minutes to days, so buckets run from a minute to a week.
  const decisionLatency = new Histogram({
    name: 'wardwatch_console_decision_latency_seconds',
    help: 'Time from a case reaching the console to its decision',
    labelNames: ['decision'],
    buckets: [60, 300, 900, 3_600, 4 * 3_600, 12 * 3_600, 86_400, 3 * 86_400, 7 * 86_400],
    registers: [registry],
  });
  const backlog = new Gauge({
    name: 'wardwatch_console_review_backlog',
    help: 'Cases waiting for a decision, by ward',
    labelNames: ['ward'],
    registers: [registry],
    async collect() {
      const rows = await pendingByWard();
      this.reset();
      for (const row of rows) this.set({ ward: row.ward }, row.pending);
    },
  });
  return { jobsProcessed, jobsFailed, decisionLatency, backlog };
}
