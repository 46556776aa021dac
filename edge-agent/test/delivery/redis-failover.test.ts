import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEARTBEATS_QUEUE, VIOLATIONS_QUEUE } from '@wardwatch/contracts';
import { createRedis, queuePrefixAt, waitForReplicas } from '@wardwatch/contracts/redis';
import { pollUntil, randomPrefix, startRedisCluster, startSentinelSet, type RedisCluster, type SentinelSet } from '@wardwatch/devkit';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeartbeatSender } from '../../src/heartbeat/heartbeat-sender.js';
import { createDeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { DiskOutbox } from '../../src/outbox/disk-outbox.js';
import { createConsoleQueuePublisher } from '../../src/publish/console-queue-publisher.js';
import { OutboxPublisher } from '../../src/publish/outbox-publisher.js';
import { createRedisConnection } from '../../src/publish/redis-connection.js';
import { captureLogger } from './log-capture.js';
import { seedItem } from './outbox-seed.js';
import { UploadServer } from './upload-server.js';

const TOKEN = 'sentinel-token-123456789';
const VIOLATIONS = 60;
let dir: string;
let set: SentinelSet;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-sentinel-'));
  set = await startSentinelSet({ dataDir: join(dir, 'redis') });
}, 90_000);

afterAll(async () => {
  await set?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The agent's real delivery chain (outbox -> uploads -> queue) through `url`, and a worker counting what reaches the console. */
async function deliveryThrough(url: string, name: string) {
  const metrics = createDeliveryMetrics(createRegistry());
  const log = captureLogger();
  // As planDelivery gives it: hash-tagged on a Cluster.
  const prefix = queuePrefixAt(url, randomPrefix());
  await mkdir(join(dir, name, 'received'), { recursive: true });
  const server = new UploadServer(TOKEN, join(dir, name, 'received'));
  await server.start();
  const outbox = await DiskOutbox.open({ dir: join(dir, name, 'outbox'), maxBytes: 100_000_000, logger: log.logger, metrics });
  const publisher = createConsoleQueuePublisher({ consoleUrl: server.url, token: TOKEN, redisUrl: url, logger: log.logger, prefix });
  // Retries as an agent does, only quicker: the fail-over takes seconds, not minutes.
  const drain = new OutboxPublisher({ outbox, publisher, logger: log.logger, metrics, backoff: { initialMs: 200, maxMs: 1_000 } });
  // The console's side: a worker through the same Sentinel set, counting what reaches it.
  const arrived = new Map<string, number>();
  const consumer = createRedis(url, { maxRetriesPerRequest: null });
  const worker = new Worker(VIOLATIONS_QUEUE, async (job) => void arrived.set(job.id!, (arrived.get(job.id!) ?? 0) + 1), { connection: consumer, prefix });
  worker.on('error', () => undefined);
  // The agent's heartbeats through the same set, every 300 ms, and when each reached the console's side.
  const beatsAt: number[] = [];
  const beatReader = new Worker(HEARTBEATS_QUEUE, async () => void beatsAt.push(Date.now()), { connection: consumer, prefix });
  beatReader.on('error', () => undefined);
  const beatConnection = createRedisConnection(url, log.logger, 'test-heartbeats');
  const heartbeats = new HeartbeatSender({
    connection: beatConnection,
    identity: { agentId: 'agent-test', ward: 'hang-bong', agentVersion: '0.1.0', startedAtMs: Date.now() },
    health: () => ({ outboxPending: outbox.depth(), cameras: [{ id: 'cam-1', name: 'Hàng Bông 12', state: 'up', fps: 5, restarts: 0, lastFrameAt: new Date().toISOString() }] }),
    intervalSeconds: 0.3,
    logger: log.logger,
    metrics,
    prefix,
    token: TOKEN,
  });
  drain.start();
  heartbeats.start();
  return {
    outbox,
    arrived,
    beatsAt,
    log,
    prefix,
    stop: async () => {
      await heartbeats.stop();
      beatConnection.disconnect();
      await drain.stop();
      await beatReader.close();
      await worker.close();
      consumer.disconnect();
      await publisher.close();
      await server.stop();
    },
  };
}

type Delivery = Awaited<ReturnType<typeof deliveryThrough>>;

/**
 * Sends VIOLATIONS through `delivery`, a few at a time, and kills the server holding the queues
 * once a third has arrived; waits until another serves them (`moved`), every violation is
 * consumed and a heartbeat arrives again. Answers what was sent and how long each took.
 */
async function sendAcrossFailover(delivery: Delivery, kill: () => void, moved: () => Promise<boolean>) {
  const { outbox, arrived, beatsAt, log } = delivery;
  const sent: string[] = [];
  let killedAt = 0;
  for (let i = 0; i < VIOLATIONS; i++) {
    sent.push((await seedItem(outbox, Date.now())).id);
    if (i === VIOLATIONS / 3) {
      await pollUntil('the first third delivered', () => arrived.size >= VIOLATIONS / 3, { timeoutMs: 30_000 });
      kill();
      killedAt = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await pollUntil('another server holding the queues', moved, { timeoutMs: 30_000, retryErrors: true });
  const failoverMs = Date.now() - killedAt;
  await pollUntil('every violation delivered and consumed', () => outbox.pending().length === 0 && sent.every((id) => arrived.has(id)), {
    timeoutMs: 90_000,
    detail: () => ({ pending: outbox.pending().length, arrived: arrived.size, log: log.lines.slice(-5) }),
  });
  const caughtUpMs = Date.now() - killedAt;
  const beatAfter = await pollUntil('a heartbeat after the fail-over', () => beatsAt.find((at) => at > killedAt + failoverMs), { timeoutMs: 30_000 });
  return { sent, failoverMs, caughtUpMs, beatMs: beatAfter - killedAt };
}

describe('delivery through a Redis Sentinel set', () => {
  it('loses no violation when the primary dies mid-stream: the agent follows the new primary', async () => {
    const delivery = await deliveryThrough(set.url, 'mid-stream');
    const oldPrimary = set.servers[0]!;
    try {
      const { sent, failoverMs, caughtUpMs, beatMs } = await sendAcrossFailover(delivery, () => oldPrimary.process.kill('SIGKILL'), async () => (await set.primaryPort()) !== oldPrimary.port);
      console.log(`sentinel fail-over: new primary named ${failoverMs} ms after the primary died; all ${VIOLATIONS} violations consumed ${caughtUpMs} ms after; heartbeats again ${beatMs} ms after`);
      // A job the old primary took but never copied would be missing here: the agent waited for
      // a replica before letting go of each one. (A job handed out twice, its completion lost in
      // the fail-over, is stored once by the console, whose case id is the violation id.)
      expect([...delivery.arrived.keys()].sort()).toEqual([...sent].sort());
      expect(delivery.log.lines.some((line) => line['event'] === 'redis_down')).toBe(true);
    } finally {
      await delivery.stop();
    }
  }, 180_000);

  it('keeps a violation the primary accepted but never copied, and delivers it to the new primary', async () => {
    const lagging = await startSentinelSet({ dataDir: join(dir, 'lagging-redis') });
    const { outbox, arrived, prefix, stop } = await deliveryThrough(lagging.url, 'lagging');
    const [primary, ...replicas] = lagging.servers;
    const direct = createRedis(`redis://127.0.0.1:${primary!.port}`, { maxRetriesPerRequest: 1 });
    direct.on('error', () => undefined);
    try {
      const first = (await seedItem(outbox, Date.now())).id;
      await pollUntil('a first violation delivered', () => arrived.has(first), { timeoutMs: 30_000 });
      // The replicas stop copying; the primary takes the next job and dies before anyone has it.
      for (const replica of replicas) replica.process.kill('SIGSTOP');
      const uncopied = (await seedItem(outbox, Date.now())).id;
      await pollUntil('the primary to hold the job', async () => (await direct.exists(`${prefix}:${VIOLATIONS_QUEUE}:${uncopied}`)) === 1, { timeoutMs: 30_000 });
      expect(outbox.pending().map((item) => item.id)).toContain(uncopied);
      primary!.process.kill('SIGKILL');
      for (const replica of replicas) replica.process.kill('SIGCONT');
      await pollUntil('a new primary', async () => (await lagging.primaryPort()) !== primary!.port, { timeoutMs: 60_000, retryErrors: true });
      // The new primary never had it: the agent, which kept it, sends it again.
      await pollUntil('the uncopied violation delivered through the new primary', () => arrived.has(uncopied) && outbox.pending().length === 0, {
        timeoutMs: 90_000,
        detail: () => ({ pending: outbox.pending().length, arrived: [...arrived.keys()] }),
      });
      expect([...arrived.keys()].sort()).toEqual([first, uncopied].sort());
    } finally {
      for (const replica of replicas) replica.process.kill('SIGCONT');
      direct.disconnect();
      await stop();
      await lagging.stop();
    }
  }, 180_000);
});

describe('delivery through a Redis Cluster', () => {
  let cluster: RedisCluster;

  beforeAll(async () => {
    cluster = await startRedisCluster({ dataDir: join(dir, 'cluster'), masters: 3, replicas: 1 });
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('asks the master of a key\'s slot for its replica\'s copy, and no replica of a slot that has none', async () => {
    const client = createRedis(cluster.url, { maxRetriesPerRequest: 1 });
    const lone = await startRedisCluster({ dataDir: join(dir, 'lone-cluster'), masters: 3, replicas: 0 });
    const loneClient = createRedis(lone.url, { maxRetriesPerRequest: 1 });
    try {
      for (const key of ['{a}:violations:1', '{b}:violations:1', '{c}:violations:1']) {
        await client.set(key, 'x');
        expect(await waitForReplicas(client, key, 1, 5_000)).toEqual({ wanted: 1, confirmed: 1 });
        await loneClient.set(key, 'x');
        expect(await waitForReplicas(loneClient, key, 1, 5_000)).toEqual({ wanted: 0, confirmed: 0 });
      }
    } finally {
      client.disconnect();
      loneClient.disconnect();
      await lone.stop();
    }
  }, 120_000);

  it('loses no violation when the master of the queues\' slot dies mid-stream: its replica takes over', async () => {
    const delivery = await deliveryThrough(cluster.url, 'cluster');
    const masterPort = await cluster.masterPortFor(delivery.prefix);
    const master = cluster.nodes.find((node) => node.port === masterPort)!;
    try {
      const { sent, failoverMs, caughtUpMs, beatMs } = await sendAcrossFailover(delivery, () => master.process.kill('SIGKILL'), async () => (await cluster.masterPortFor(delivery.prefix)) !== masterPort);
      console.log(`cluster fail-over: replica promoted ${failoverMs} ms after the master died; all ${VIOLATIONS} violations consumed ${caughtUpMs} ms after; heartbeats again ${beatMs} ms after`);
      // Every job sat in one slot (the prefix's hash tag), and each was held by a replica before the agent let go of it.
      expect(delivery.prefix).toMatch(/^\{.+\}$/);
      expect([...delivery.arrived.keys()].sort()).toEqual([...sent].sort());
    } finally {
      await delivery.stop();
    }
  }, 180_000);
});
