import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateUuidV7, mediaUri, VIOLATIONS_QUEUE, type ViolationJob } from '@wardwatch/contracts';
import { signViolationJob } from '@wardwatch/contracts/agent-signature';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../src/db/database.js';
import { LocalMediaStore } from '../src/media/local-media-store.js';
import { createRegistry } from '../src/metrics/console-metrics.js';
import type { Actor } from '../src/services/actor.js';
import { createServices, type ConsoleServices } from '../src/services/console-services.js';
import { startConsoleWorker } from '../src/worker/console-worker.js';
import { BENCH_WARDS, seedBenchCases } from './bench-cases.js';
import { benchSummary, type SummaryBench } from './summary-bench.js';

export interface ListBench { engine: string; cases: number; seedSeconds: number; queries: number; p50Ms: number; p95Ms: number; maxMs: number; summary: SummaryBench }
export interface IngestBench { jobs: number; seconds: number; jobsPerSecond: number }
export interface ConsoleBenchResult {
  sqlite: ListBench;
  postgres: ListBench | { skipped: string };
  ingest: IngestBench | { skipped: string };
  targets: { listP95Ms: number; summaryP95Ms: number; ingestJobsPerSecond: number };
  pass: boolean;
}
export interface ConsoleBenchOptions {
  cases?: number;
  ingestJobs?: number;
  /** PostgreSQL to bench (a scratch schema is made and dropped); default TEST_DATABASE_URL or the local test DB. */
  postgresUrl?: string | null;
  /** Redis for the ingest bench; default REDIS_URL, else a private redis-server. */
  redisUrl?: string;
  log?: (line: string) => void;
}

/** The summary target is the issue's: every groupBy of /api/dashboard/summary under 200 ms at p95 on 100,000 cases. */
const TARGETS = { listP95Ms: 50, summaryP95Ms: 200, ingestJobsPerSecond: 300 };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function servicesFor(database: OpenDatabase, dataDir: string): Promise<ConsoleServices> {
  await migrateToLatest(database.db, database.engine);
  return createServices({ db: database.db, media: new LocalMediaStore(dataDir), registry: createRegistry(), sessionSecret: randomBytes(32).toString('hex') });
}

/** Officer-style queries (one or two wards, a status, sometimes a rule or a week; first pages and cursor pages), then the dashboard figures. */
async function benchList(engine: string, services: ConsoleServices, database: OpenDatabase, cases: number, log: (l: string) => void): Promise<ListBench> {
  const end = Date.now();
  const seedStart = performance.now();
  await seedBenchCases(database.db, cases, end);
  // A live table is vacuumed and analysed by autovacuum; a freshly bulk-loaded one not yet, and
  // without the visibility map PostgreSQL cannot answer from the covering indexes alone.
  if (database.engine === 'postgres') await sql`vacuum (analyze) violations`.execute(database.db);
  // The console refreshes SQLite's statistics at start and every few hours (OpenDatabase.optimize).
  await database.optimize();
  const seedSeconds = (performance.now() - seedStart) / 1000;
  log(`${engine}: seeded ${cases} cases in ${seedSeconds.toFixed(1)} s`);
  const timings: number[] = [];
  for (let q = 0; q < 400; q += 1) {
    const wards = q % 5 === 0 ? [BENCH_WARDS[q % 10]!, BENCH_WARDS[(q + 1) % 10]!] : [BENCH_WARDS[q % 10]!];
    const actor: Actor = { id: 'bench', username: 'bench', role: 'officer', wards, districtId: null };
    const query = {
      status: (['pending', 'confirmed', 'dismissed'] as const)[q % 3],
      rule: q % 4 === 0 ? ('littering' as const) : undefined,
      from: q % 6 === 0 ? new Date(end - 7 * 86_400_000).toISOString() : undefined,
      limit: 50,
      order: q % 7 === 0 ? ('asc' as const) : ('desc' as const),
    };
    const t0 = performance.now();
    const first = await services.review.list(actor, query);
    timings.push(performance.now() - t0);
    if (first.nextCursor && q % 2 === 0) {
      const t1 = performance.now();
      await services.review.list(actor, { ...query, cursor: first.nextCursor });
      timings.push(performance.now() - t1);
    }
  }
  timings.sort((a, b) => a - b);
  const list = { engine, cases, seedSeconds, queries: timings.length, p50Ms: percentile(timings, 0.5), p95Ms: percentile(timings, 0.95), maxMs: timings[timings.length - 1] ?? 0 };
  log(`${engine}: list page of 50 with filters: p50 ${list.p50Ms.toFixed(2)} ms, p95 ${list.p95Ms.toFixed(2)} ms over ${list.queries} queries`);
  return { ...list, summary: await benchSummary(engine, services, cases, end, log) };
}

/** Sustained worker throughput on SQLite: jobs queued in Redis, evidence already uploaded, until all are stored. */
async function benchIngest(jobs: number, redisUrl: string, log: (l: string) => void): Promise<IngestBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ww-bench-ingest-'));
  const database = openDatabase({ dataDir });
  const prefix = `wwbench-${randomBytes(4).toString('hex')}`;
  const queue = new Queue(VIOLATIONS_QUEUE, { connection: { url: redisUrl }, prefix });
  try {
    const services = await servicesFor(database, dataDir);
    await services.admin.upsertWard(null, { id: 'bench-ward', name: 'Bench' });
    const { token } = await services.agents.add(null, 'bench-agent', 'bench-ward');
    const sha = 'd'.repeat(64);
    const payloads: ViolationJob[] = [];
    const now = Date.now();
    for (let i = 0; i < jobs; i += 1) {
      const id = generateUuidV7(now + i);
      payloads.push(signViolationJob({
        version: 1, violationId: id, agentId: 'bench-agent', agentVersion: '0.1.0', cameraId: `cam-${i % 8}`, cameraName: 'Bench', ward: 'bench-ward', ruleType: 'illegal_parking', zoneId: 'z',
        classes: ['car'], scores: [0.9], trackIds: [i], startedAt: new Date(now - 60_000).toISOString(), triggeredAt: new Date(now).toISOString(),
        bbox: { x1: 0.1, y1: 0.1, x2: 0.2, y2: 0.2 }, boxes: [], model: { name: 'yolox_nano', sha256: sha },
        media: { clip: { uri: mediaUri(id, 'clip'), sha256: sha, bytes: 1000, mime: 'video/mp4' }, snapshot: { uri: mediaUri(id, 'snapshot'), sha256: sha, bytes: 100, mime: 'image/jpeg' } },
      }, token));
    }
    // The uploads are measured elsewhere (HTTP); here their rows exist as after a real upload.
    for (let s = 0; s < jobs; s += 250) {
      const rows = payloads.slice(s, s + 250).flatMap((p) => (['clip', 'snapshot'] as const).map((kind) => ({
        violation_id: p.violationId, kind, sha256: sha, bytes: kind === 'clip' ? 1000 : 100, mime: kind === 'clip' ? 'video/mp4' : 'image/jpeg', uri: mediaUri(p.violationId, kind), agent_id: 'bench-agent', created_at: new Date().toISOString(),
      })));
      await database.db.insertInto('media').values(rows).execute();
    }
    for (let s = 0; s < jobs; s += 500) await queue.addBulk(payloads.slice(s, s + 500).map((p) => ({ name: VIOLATIONS_QUEUE, data: p, opts: { jobId: p.violationId } })));
    const t0 = performance.now();
    const worker = await startConsoleWorker({ redisUrl, prefix, services, logger: pino({ level: 'silent' }), concurrency: 32 });
    for (;;) {
      const counts = await queue.getJobCounts('completed', 'failed');
      if ((counts.completed ?? 0) + (counts.failed ?? 0) >= jobs) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - t0) / 1000;
    await worker.close();
    const stored = Number((await database.db.selectFrom('violations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    if (stored !== jobs) throw new Error(`ingest bench stored ${stored} of ${jobs} jobs`);
    const result = { jobs, seconds, jobsPerSecond: jobs / seconds };
    log(`ingest (SQLite): ${jobs} jobs in ${seconds.toFixed(2)} s = ${result.jobsPerSecond.toFixed(0)} jobs/s`);
    return result;
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function defaultPostgresUrl(): Promise<string | null> {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return 'postgres://postgres@127.0.0.1:5432/test';
  } catch {
    // No local PostgreSQL: the PostgreSQL half is reported as skipped, not failed.
    return null;
  }
}

export async function runConsoleBench(options: ConsoleBenchOptions = {}): Promise<ConsoleBenchResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[console-bench] ${line}\n`));
  const cases = options.cases ?? 100_000;

  const sqliteDir = mkdtempSync(join(tmpdir(), 'ww-bench-sqlite-'));
  const sqliteDb = openDatabase({ dataDir: sqliteDir });
  let sqlite: ListBench;
  try {
    sqlite = await benchList('sqlite', await servicesFor(sqliteDb, sqliteDir), sqliteDb, cases, log);
  } finally {
    await sqliteDb.close();
    rmSync(sqliteDir, { recursive: true, force: true });
  }

  let postgres: ListBench | { skipped: string };
  const pgUrl = options.postgresUrl === undefined ? await defaultPostgresUrl() : options.postgresUrl;
  if (!pgUrl) postgres = { skipped: 'no PostgreSQL (set TEST_DATABASE_URL)' };
  else {
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pgDir = mkdtempSync(join(tmpdir(), 'ww-bench-pg-'));
    const pgDb = openDatabase({ databaseUrl: pgUrl, schema, dataDir: pgDir });
    try {
      const services = await servicesFor(pgDb, pgDir);
      postgres = await benchList('postgres', services, pgDb, cases, log);
    } finally {
      await pgDb.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
      rmSync(pgDir, { recursive: true, force: true });
    }
  }

  let ingest: IngestBench | { skipped: string };
  let stopRedis: (() => Promise<void>) | undefined;
  let redisUrl = options.redisUrl ?? process.env.REDIS_URL;
  try {
    if (!redisUrl) {
      const { startPrivateRedis } = await import('@wardwatch/devkit');
      const redisDir = mkdtempSync(join(tmpdir(), 'ww-bench-redis-'));
      const redis = await startPrivateRedis({ dataDir: redisDir, persist: false });
      redisUrl = redis.url;
      stopRedis = async () => {
        await redis.stop();
        rmSync(redisDir, { recursive: true, force: true });
      };
    }
    ingest = await benchIngest(options.ingestJobs ?? 5_000, redisUrl, log);
  } finally {
    await stopRedis?.();
  }

  const meets = (b: ListBench) => b.p95Ms < TARGETS.listP95Ms && Object.values(b.summary.byGroup).every((g) => g.p95Ms < TARGETS.summaryP95Ms);
  const pgOk = 'skipped' in postgres || meets(postgres);
  const pass = meets(sqlite) && pgOk && !('skipped' in ingest) && ingest.jobsPerSecond >= TARGETS.ingestJobsPerSecond;
  return { sqlite, postgres, ingest, targets: TARGETS, pass };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runConsoleBench();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exitCode = result.pass ? 0 : 1;
}
