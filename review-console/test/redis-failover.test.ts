import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEARTBEATS_QUEUE, VIOLATIONS_QUEUE, type AgentHeartbeat, type ViolationJob } from '@wardwatch/contracts';
import { signHeartbeat, signViolationJob } from '@wardwatch/contracts/agent-signature';
import { createRedis, queuePrefixAt, waitForReplicas } from '@wardwatch/contracts/redis';
import { pollUntil, randomPrefix, startRedisCluster, startSentinelSet } from '@wardwatch/devkit';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleWorker, type ConsoleWorker } from '../src/worker/console-worker.js';
import { startHarness, type Harness } from './support/app-harness.js';
import { violationJob } from './support/evidence.js';
import { sqliteTarget } from './support/test-databases.js';

const VIOLATIONS = 24;
const WARD = 'hoan-kiem';

/** A Redis that fails over, and how to kill the server holding the queues (keys under `prefix`). */
interface Topology {
  url: string;
  killPrimary(prefix: string): Promise<void>;
  stop(): Promise<void>;
}

const topologies: { name: string; start(dir: string): Promise<Topology> }[] = [
  {
    name: 'a Redis Sentinel set',
    async start(dir) {
      const set = await startSentinelSet({ dataDir: dir });
      return { url: set.url, stop: () => set.stop(), killPrimary: async () => void set.servers[0]!.process.kill('SIGKILL') };
    },
  },
  {
    name: 'a Redis Cluster',
    async start(dir) {
      const cluster = await startRedisCluster({ dataDir: dir, masters: 3, replicas: 1 });
      return {
        url: cluster.url,
        stop: () => cluster.stop(),
        async killPrimary(prefix) {
          const port = await cluster.masterPortFor(prefix);
          cluster.nodes.find((node) => node.port === port)!.process.kill('SIGKILL');
        },
      };
    },
  },
];

describe.each(topologies)('the console worker through $name', (topology) => {
  let dir: string;
  let redis: Topology;
  let h: Harness;
  let worker: ConsoleWorker;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ww-console-failover-'));
    redis = await topology.start(dir);
    h = await startHarness(sqliteTarget);
  }, 90_000);

  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores every violation exactly once and takes heartbeats again when the primary dies mid-stream', async () => {
    const prefix = randomPrefix();
    worker = await startConsoleWorker({ redisUrl: redis.url, prefix, services: h.services, logger: pino({ level: 'silent' }), concurrency: 4, stalls: { lockMs: 2_000, checkEveryMs: 1_000 } });
    // An agent's side, as its outbox delivers: retried until Redis takes the job and a replica
    // holds it, on the keys the agent uses there (hash-tagged on a Cluster, as the worker's are).
    const agentPrefix = queuePrefixAt(redis.url, prefix);
    const agent = createRedis(redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    agent.on('error', () => undefined);
    const violations = new Queue(VIOLATIONS_QUEUE, { connection: agent, prefix: agentPrefix });
    const heartbeats = new Queue(HEARTBEATS_QUEUE, { connection: agent, prefix: agentPrefix });
    violations.on('error', () => undefined);
    heartbeats.on('error', () => undefined);
    const token = await h.agentToken(WARD);
    const deliver = async (add: () => Promise<unknown>): Promise<void> => {
      for (;;) {
        try {
          await add();
          // After a Cluster fail-over the promoted replica has none of its own: nothing to wait for.
          const copies = await waitForReplicas(agent, `${agentPrefix}:${VIOLATIONS_QUEUE}:x`, 1, 2_000);
          if (copies.confirmed >= copies.wanted) return;
        } catch {
          // Redis is failing over: the outbox keeps the item and tries again.
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const beat = (fps: number): AgentHeartbeat => ({
      version: 1, agentId: `agent-${WARD}`, ward: WARD, agentVersion: '0.1.0', sentAt: new Date().toISOString(), uptimeSeconds: 60, outboxPending: 0,
      cameras: [{ id: 'cam-gate', name: 'Cổng chợ', state: 'up', fps, restarts: 0, lastFrameAt: new Date().toISOString() }],
    });
    const admin = await h.login('admin');
    const cameraFps = async (): Promise<number | undefined> => {
      const body = (await (await admin.request('GET', '/api/cameras')).json()) as { items: { cameraId: string; fps: number }[] };
      return body.items.find((c) => c.cameraId === 'cam-gate')?.fps;
    };
    const stored = async (ids: string[]): Promise<number> => (await h.db.db.selectFrom('violations').select('id').where('id', 'in', ids).execute()).length;
    const sent: string[] = [];
    let killedAt = 0;
    try {
      await deliver(() => heartbeats.add(HEARTBEATS_QUEUE, signHeartbeat(beat(5), token)));
      await pollUntil('the first heartbeat stored', async () => (await cameraFps()) === 5, { timeoutMs: 30_000 });
      for (let i = 0; i < VIOLATIONS; i++) {
        const job: ViolationJob = violationJob({ agentId: `agent-${WARD}`, ward: WARD, clip: h.clip, snapshot: h.snapshot, triggeredAt: new Date(Date.now() - (VIOLATIONS - i) * 1_000) });
        expect((await h.upload(token, job.violationId, 'clip', h.clip.bytes)).status).toBe(201);
        expect((await h.upload(token, job.violationId, 'snapshot', h.snapshot.bytes)).status).toBe(201);
        await deliver(() => violations.add(VIOLATIONS_QUEUE, signViolationJob(job, token), { jobId: job.violationId }));
        sent.push(job.violationId);
        if (i === VIOLATIONS / 3) {
          await pollUntil('the first third stored', async () => (await stored(sent)) === sent.length, { timeoutMs: 30_000 });
          await redis.killPrimary(agentPrefix);
          killedAt = Date.now();
        }
      }
      await pollUntil('every violation stored', async () => (await stored(sent)) === VIOLATIONS, { timeoutMs: 90_000, detail: async () => ({ stored: await stored(sent) }) });
      const storedMs = Date.now() - killedAt;
      await deliver(() => heartbeats.add(HEARTBEATS_QUEUE, signHeartbeat(beat(7.5), token)));
      await pollUntil('a heartbeat stored after the fail-over', async () => (await cameraFps()) === 7.5, { timeoutMs: 30_000 });
      const beatMs = Date.now() - killedAt;
      console.log(`${topology.name}, fail-over (console): all ${VIOLATIONS} violations stored ${storedMs} ms after the primary died, a new heartbeat ${beatMs} ms after`);
      // Exactly once: one case per violation id, each enqueued once by its agent.
      const rows = await h.db.db.selectFrom('violations').select('id').where('ward_id', '=', WARD).execute();
      expect(rows.map((r) => r.id).filter((id) => sent.includes(id)).sort()).toEqual([...sent].sort());
      expect(rows.length).toBe(new Set(rows.map((r) => r.id)).size);
    } finally {
      await violations.close();
      await heartbeats.close();
      agent.disconnect();
    }
  }, 180_000);
});
