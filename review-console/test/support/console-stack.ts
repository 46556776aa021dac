import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mediaUploadPath, ruleTypes, VIOLATIONS_QUEUE } from '@wardwatch/contracts';
import { signViolationJob } from '@wardwatch/contracts/agent-signature';
import { freePort, pollUntil, ProcessGroup, randomPrefix, type ManagedProcess } from '@wardwatch/devkit';
import { Queue } from 'bullmq';
import pg from 'pg';
import type { SeededCredential } from '../../src/seed/demo-seed.js';
import { realClip, realSnapshot, violationJob, type EvidenceFile, type JobOptions } from './evidence.js';
import { testRedis } from './test-redis.js';

const run = promisify(execFile);
export const CLI = join(import.meta.dirname, '../../bin/review-console.js');
export const STACK_PASSWORD = 'demo-password-123';

export interface ConsoleStackOptions {
  /** Demo cases to publish through the real upload endpoint and queue (spread over wards, rules, days). */
  cases?: number;
  /** PostgreSQL instead of SQLite: a fresh schema is created there and dropped on stop. */
  postgresUrl?: string;
  /** Serve this folder as the web UI (default: review-console/web/dist when it exists). */
  webDistDir?: string;
  port?: number;
  /** More settings for the console and its CLI commands (where evidence goes, say). */
  env?: NodeJS.ProcessEnv;
}

export interface ConsoleStack {
  url: string;
  dataDir: string;
  redisUrl: string;
  queuePrefix: string;
  /** Every demo user has this password: admin, giamsat, canbo.hoankiem, canbo.cuanam, canbo.tayho, lapdat. */
  password: string;
  users: SeededCredential[];
  /** Agent tokens by ward, for hoan-kiem and cua-nam (agent ids `demo-<ward>`). */
  agentTokens: Record<string, string>;
  caseIds: string[];
  env: NodeJS.ProcessEnv;
  /** Runs another CLI command against the same data. */
  cli(args: string[], input?: string): Promise<{ stdout: string; stderr: string }>;
  /** SIGTERM (SIGKILL after 15 s), then removes the data; resolves with the console's exit code. */
  stop(): Promise<number | null>;
}

const WARDS = ['hoan-kiem', 'cua-nam'] as const;

/**
 * A real console (`review-console serve`, worker included) on a free port with a temp data dir,
 * the demo wards and users (password STACK_PASSWORD), and optionally cases published the way
 * agents do (upload, then BullMQ job). For API, CLI and browser tests.
 */
export async function startConsoleStack(options: ConsoleStackOptions = {}): Promise<ConsoleStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ww-console-stack-'));
  const redis = await testRedis();
  const queuePrefix = randomPrefix();
  const port = options.port ?? (await freePort());
  let schema: string | undefined;
  let databaseUrl: string | undefined;
  if (options.postgresUrl) {
    schema = `stack_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: options.postgresUrl });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    const url = new URL(options.postgresUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WARDWATCH_DATA_DIR: dataDir,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: queuePrefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl ?? '',
    ...(options.webDistDir ? { WARDWATCH_WEB_DIST: options.webDistDir } : {}),
    ...options.env,
  };
  const cli = async (args: string[], input?: string) => {
    const child = run(process.execPath, [CLI, ...args], { env });
    if (input !== undefined) child.child.stdin?.end(input);
    return child;
  };
  const cleanup = async () => {
    await redis.stop();
    if (schema && options.postgresUrl) {
      const client = new pg.Client({ connectionString: options.postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  let serve: ManagedProcess | undefined;
  try {
    const seeded = await cli(['seed', '--demo', '--password-stdin', '--json'], STACK_PASSWORD);
    const users = JSON.parse(seeded.stdout) as SeededCredential[];
    const agentTokens: Record<string, string> = {};
    for (const ward of WARDS) agentTokens[ward] = (await cli(['agents', 'add', '--id', `demo-${ward}`, '--ward', ward, '--quiet'])).stdout.trim();

    const consoleProcess = new ProcessGroup().start('console', process.execPath, [CLI, 'serve'], { env });
    serve = consoleProcess;
    await consoleProcess.waitForLine(/review-console listening on/, 60_000);
    const url = `http://127.0.0.1:${port}`;
    const caseIds = await publishCases(url, redis.url, queuePrefix, agentTokens, options.cases ?? 0);
    return {
      url, dataDir, redisUrl: redis.url, queuePrefix, password: STACK_PASSWORD, users, agentTokens, caseIds, env, cli,
      async stop() {
        await ProcessGroup.stopOne(consoleProcess, 15_000);
        await cleanup();
        return consoleProcess.child.exitCode;
      },
    };
  } catch (error) {
    serve?.child.kill('SIGKILL');
    await cleanup();
    throw error;
  }
}

/** What an agent says of a case beyond its clip's bytes: how the clip falls short, where the arrival and trigger are, when and where. */
export type CaseReport = Pick<JobOptions, 'shortfall' | 'marks' | 'triggeredAt' | 'cameraId' | 'ruleType' | 'zoneName'>;

/** One more case in `ward` with this clip (an H.265 one, say), published like an agent; waits until it is stored. */
export async function publishCase(stack: ConsoleStack, ward: (typeof WARDS)[number], clip: EvidenceFile, report: CaseReport = {}): Promise<string> {
  const [id] = await publishCases(stack.url, stack.redisUrl, stack.queuePrefix, stack.agentTokens, 1, { ward, clip, report });
  return id!;
}

/** Publishes like an agent: both files to the upload endpoint, then the job; waits until all are stored. */
async function publishCases(url: string, redisUrl: string, prefix: string, tokens: Record<string, string>, count: number, only?: { ward: (typeof WARDS)[number]; clip: EvidenceFile; report: CaseReport }): Promise<string[]> {
  if (count === 0) return [];
  const clip = only?.clip ?? realClip();
  const snapshot = realSnapshot();
  const queue = new Queue(VIOLATIONS_QUEUE, { connection: { url: redisUrl }, prefix });
  const ids: string[] = [];
  try {
    const now = Date.now();
    const publishOne = async (i: number) => {
      const ward = only?.ward ?? WARDS[i % WARDS.length]!;
      const job = violationJob({
        agentId: `demo-${ward}`, ward, clip, snapshot,
        cameraId: `cam-${(i % 3) + 1}`,
        ruleType: ruleTypes[i % ruleTypes.length],
        // Spread over the last few days so date filters and pages have something to show.
        triggeredAt: new Date(now - i * 37 * 60_000),
        ...only?.report,
      });
      for (const kind of ['clip', 'snapshot'] as const) {
        const file = kind === 'clip' ? clip : snapshot;
        const res = await fetch(`${url}${mediaUploadPath(job.violationId, kind)}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${tokens[ward]}`, 'content-type': kind === 'clip' ? 'video/mp4' : 'image/jpeg', 'x-content-sha256': file.sha256 },
          body: file.bytes,
        });
        if (!res.ok) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
      }
      await queue.add(VIOLATIONS_QUEUE, signViolationJob(job, tokens[ward]!), { jobId: job.violationId, attempts: 10, backoff: { type: 'exponential', delay: 500 } });
      ids[i] = job.violationId;
    };
    // A few at a time, as several agents would: a thousand cases are seconds, not minutes.
    for (let start = 0; start < count; start += 8) await Promise.all(Array.from({ length: Math.min(8, count - start) }, (_, k) => publishOne(start + k)));
    let stored = 0;
    const allStored = async () => {
      const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
      stored = states.filter((state) => state === 'completed').length;
      return stored >= count;
    };
    await pollUntil(`all ${count} cases stored`, allStored, { timeoutMs: 60_000, detail: () => `only ${stored} of ${count} were stored` });
  } finally {
    await queue.close();
  }
  return ids;
}
