import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mediaUploadPath, ruleTypes, VIOLATIONS_QUEUE } from '@wardwatch/contracts';
import { signViolationJob } from '@wardwatch/contracts/agent-signature';
import { createRedis, queuePrefixAt } from '@wardwatch/contracts/redis';
import { freePort, pollUntil, ProcessGroup, randomPrefix, startPrivateRedis, type ManagedProcess } from '@wardwatch/devkit';
import { Queue } from 'bullmq';
import pg from 'pg';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { LocalMediaStore } from '../src/media/local-media-store.js';
import { createRegistry } from '../src/metrics/console-metrics.js';
import { DEMO_WARDS, seedDemo } from '../src/seed/demo-seed.js';
import { createServices } from '../src/services/console-services.js';
import { violationJob, type EvidenceFile } from '../test/support/evidence.js';
import { percentile } from './percentile.js';

export interface ClusterLoadOptions {
  /** The PostgreSQL every process shares; a scratch schema is made there and dropped afterwards. */
  postgresUrl: string;
  agents: number;
  violationsPerAgent: number;
  workers?: number;
  apis?: number;
  /** SIGKILL the first worker once this share of the violations is stored; null kills none. Default 1/3. */
  killWorkerAt?: number | null;
  /** The workers' `--lock-seconds`: how soon a dead worker's jobs go to another. Default 30 (BullMQ's). */
  lockSeconds?: number;
  /** Jobs each worker runs at once (`--concurrency`). */
  workerConcurrency?: number;
  clip: EvidenceFile;
  snapshot: EvidenceFile;
  /** Default REDIS_URL, else a private redis-server. */
  redisUrl?: string;
  /** How long to wait for the last case before giving up. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface ClusterLoadResult {
  agents: number;
  workers: number;
  apis: number;
  violations: number;
  /** Distinct cases stored for the violations sent. */
  stored: number;
  /** Cases stored that no agent sent (must be 0; a violation id is the cases' primary key, so one sent twice is one row). */
  extraCases: number;
  /** Violations sent but never stored (must be empty). */
  missing: string[];
  /** Media rows per stored case that is not exactly two (clip and snapshot); must be 0. */
  mediaMismatches: number;
  /** Jobs that had to be taken again because their worker died holding them. */
  jobsTakenAgain: number;
  /** `orphaned`: jobs the worker held when it died, which another worker must take again. */
  killed: { afterStored: number; orphaned: number; allStoredMsAfter: number; allCompletedMsAfter: number } | null;
  /** Jobs that ended failed (must be 0). */
  failedJobs: number;
  /** First upload to last case stored. */
  seconds: number;
  jobsPerSecond: number;
  /** From the start of a violation's first upload to its case's received_at. */
  latencyMs: { p50: number; p95: number; max: number };
}

const SECRET_KEY = randomBytes(32).toString('hex');

/**
 * A district's console on one box: `workers` x `review-console worker` and `apis` x
 * `review-console serve --no-worker`, all on one PostgreSQL schema, one Redis and one media
 * folder, fed by `agents` simulated agents that do what an agent's outbox does (clip and snapshot
 * to an API, then the signed job to BullMQ, each retried until taken). One worker is killed
 * mid-run; every violation must be stored exactly once.
 */
export async function runClusterLoad(options: ClusterLoadOptions): Promise<ClusterLoadResult> {
  const log = options.log ?? (() => undefined);
  const workers = options.workers ?? 2;
  const apis = options.apis ?? 2;
  const total = options.agents * options.violationsPerAgent;
  const schema = `load_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'ww-cluster-load-'));
  const group = new ProcessGroup();
  const cleanups: (() => Promise<void>)[] = [async () => rmSync(dataDir, { recursive: true, force: true })];
  try {
    const admin = new pg.Client({ connectionString: options.postgresUrl });
    cleanups.push(() => admin.end());
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    cleanups.push(async () => void (await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)));
    const database = openDatabase({ databaseUrl: options.postgresUrl, schema, dataDir });
    cleanups.push(() => database.close());
    let redisUrl = options.redisUrl ?? process.env.REDIS_URL;
    if (!redisUrl) {
      const redis = await startPrivateRedis({ dataDir: join(dataDir, 'redis'), persist: false });
      redisUrl = redis.url;
      cleanups.push(() => redis.stop());
    }
    await migrateToLatest(database.db, database.engine);
    const services = createServices({ db: database.db, media: new LocalMediaStore(dataDir), registry: createRegistry(), sessionSecret: randomBytes(32).toString('hex') });
    await seedDemo(services);
    const agents: { id: string; ward: string; token: string }[] = [];
    for (let i = 0; i < options.agents; i++) {
      const ward = DEMO_WARDS[i % DEMO_WARDS.length]!.id;
      const id = `load-agent-${String(i).padStart(3, '0')}`;
      agents.push({ id, ward, token: (await services.agents.add(null, id, ward)).token });
    }

    const url = new URL(options.postgresUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const queuePrefix = randomPrefix();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url.toString(),
      WARDWATCH_DATA_DIR: dataDir,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queuePrefix,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      WARDWATCH_SECRET_KEY: SECRET_KEY,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    const cli = join(import.meta.dirname, '../bin/review-console.js');
    cleanups.push(() => group.stopAll(15_000));
    const apiUrls: string[] = [];
    const starting: Promise<string>[] = [];
    for (let i = 0; i < apis; i++) {
      const port = await freePort();
      apiUrls.push(`http://127.0.0.1:${port}`);
      starting.push(group.start(`api-${i + 1}`, process.execPath, [cli, 'serve', '--no-worker'], { env: { ...env, PORT: String(port) } }).waitForLine(/listening on/, 60_000));
    }
    const workerProcesses: ManagedProcess[] = [];
    for (let i = 0; i < workers; i++) {
      const args = [cli, 'worker', '--concurrency', String(options.workerConcurrency ?? 16), '--lock-seconds', String(options.lockSeconds ?? 30)];
      const worker = group.start(`worker-${i + 1}`, process.execPath, args, { env });
      workerProcesses.push(worker);
      starting.push(worker.waitForLine(/worker running/, 60_000));
    }
    await Promise.all(starting);
    log(`${apis} API and ${workers} worker processes up on schema ${schema}; ${options.agents} agents x ${options.violationsPerAgent} violations`);

    // As an agent connects: any Redis address (Sentinel, Cluster), the prefix tagged on a Cluster.
    const connection = createRedis(redisUrl, { maxRetriesPerRequest: 1 });
    connection.on('error', () => undefined);
    cleanups.push(async () => connection.disconnect());
    const queue = new Queue(VIOLATIONS_QUEUE, { connection, prefix: queuePrefixAt(redisUrl, queuePrefix) });
    queue.on('error', () => undefined);
    cleanups.push(() => queue.close());
    const sentAt = new Map<string, number>();
    const retried = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await work();
        } catch (error) {
          if (attempt >= 20) throw new Error(`${what}: ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
        }
      }
    };
    const upload = async (api: string, token: string, violationId: string, kind: 'clip' | 'snapshot', file: EvidenceFile) => {
      const res = await fetch(`${api}${mediaUploadPath(violationId, kind)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': kind === 'clip' ? 'video/mp4' : 'image/jpeg', 'x-content-sha256': file.sha256 },
        body: file.bytes,
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`upload ${kind}: ${res.status} ${await res.text()}`);
    };
    const runAgent = async (agent: (typeof agents)[number], index: number) => {
      const api = apiUrls[index % apiUrls.length]!;
      for (let i = 0; i < options.violationsPerAgent; i++) {
        const job = violationJob({ agentId: agent.id, ward: agent.ward, clip: options.clip, snapshot: options.snapshot, cameraId: `cam-${(i % 4) + 1}`, ruleType: ruleTypes[i % ruleTypes.length], triggeredAt: new Date(Date.now() - 5_000) });
        sentAt.set(job.violationId, Date.now());
        await retried('clip upload', () => upload(api, agent.token, job.violationId, 'clip', options.clip));
        await retried('snapshot upload', () => upload(api, agent.token, job.violationId, 'snapshot', options.snapshot));
        await retried('enqueue', () => queue.add(VIOLATIONS_QUEUE, signViolationJob(job, agent.token), { jobId: job.violationId, attempts: 10, backoff: { type: 'exponential', delay: 500 } }));
      }
    };

    const storedCount = async () => Number((await database.db.selectFrom('violations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const started = Date.now();
    const sending = Promise.all(agents.map((agent, index) => runAgent(agent, index)));
    let killed: { afterStored: number; orphaned: number; at: number } | null = null;
    // The kill must catch the worker holding jobs, or it proves nothing: wait (briefly) until it does.
    // It is frozen (SIGSTOP) before its jobs are counted, so none finishes between the count and
    // the kill; a worker frozen while holding none is let go on and caught again.
    const killWhileHolding = async (worker: ManagedProcess) => {
      const name = `${hostname()}:${worker.child.pid}`;
      const heldNow = async () => (await queue.getActive()).filter((job) => job.processedBy === name).length;
      const deadline = Date.now() + 30_000;
      for (;;) {
        worker.child.kill('SIGSTOP');
        // Commands it sent before it stopped may still land: let them.
        await new Promise((resolve) => setTimeout(resolve, 50));
        const held = await heldNow();
        if (held > 0 || Date.now() > deadline) {
          worker.child.kill('SIGKILL');
          await worker.exited;
          return held;
        }
        worker.child.kill('SIGCONT');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    let stored = 0;
    const killAt = options.killWorkerAt === undefined ? 1 / 3 : options.killWorkerAt;
    let sendError: Error | undefined;
    sending.catch((error: unknown) => {
      sendError = error instanceof Error ? error : new Error(String(error));
    });
    await pollUntil(
      `all ${total} violations stored`,
      async () => {
        if (sendError) throw sendError;
        stored = await storedCount();
        if (killAt !== null && killed === null && stored >= killAt * total) {
          const at = Date.now();
          killed = { afterStored: stored, orphaned: await killWhileHolding(workerProcesses[0]!), at };
          log(`worker-1 killed after ${stored} of ${total} stored`);
        }
        return stored >= total;
      },
      { timeoutMs: options.timeoutMs ?? 600_000, intervalMs: 100, detail: () => `${stored} of ${total} stored` },
    );
    const allStored = Date.now();
    await sending;
    // Stored is not finished: a job the dead worker held may have its case stored and still be
    // active. It is finished when another worker took it again and found the case already there.
    let counts: Record<string, number> = {};
    await pollUntil(
      'every job completed',
      async () => {
        counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'completed', 'failed', 'prioritized');
        return counts.completed! + counts.failed! >= total && counts.active === 0 && counts.waiting === 0 && counts.delayed === 0;
      },
      { timeoutMs: options.timeoutMs ?? 600_000, detail: () => counts },
    );
    const allCompleted = Date.now();

    const ids = [...sentAt.keys()];
    const rows = await database.db.selectFrom('violations').select(['id', 'received_at']).execute();
    const byId = new Map(rows.map((r) => [r.id, r.received_at]));
    const media = await database.db.selectFrom('media').select(['violation_id']).select((eb) => eb.fn.countAll<string>().as('n')).groupBy('violation_id').execute();
    const mediaCount = new Map(media.map((m) => [m.violation_id, Number(m.n)]));
    const latencies = ids.filter((id) => byId.has(id)).map((id) => Date.parse(byId.get(id)!) - sentAt.get(id)!).sort((a, b) => a - b);
    const jobs = await queue.getJobs(['completed'], 0, -1);
    const lastStored = Math.max(...rows.map((r) => Date.parse(r.received_at)));
    const k = killed as { afterStored: number; orphaned: number; at: number } | null;
    const seconds = (lastStored - started) / 1_000;
    return {
      agents: options.agents,
      workers,
      apis,
      violations: total,
      stored: ids.filter((id) => byId.has(id)).length,
      extraCases: rows.length - ids.filter((id) => byId.has(id)).length,
      missing: ids.filter((id) => !byId.has(id)),
      mediaMismatches: ids.filter((id) => mediaCount.get(id) !== 2).length,
      jobsTakenAgain: jobs.filter((job) => job.stalledCounter > 0 || job.attemptsStarted > 1).length,
      killed: k ? { afterStored: k.afterStored, orphaned: k.orphaned, allStoredMsAfter: allStored - k.at, allCompletedMsAfter: allCompleted - k.at } : null,
      failedJobs: counts.failed ?? 0,
      seconds,
      jobsPerSecond: total / seconds,
      latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), max: latencies.at(-1) ?? Number.NaN },
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
