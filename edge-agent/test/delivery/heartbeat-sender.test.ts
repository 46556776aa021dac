import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentHeartbeatV1, HEARTBEATS_QUEUE } from '@wardwatch/contracts';
import { signingKey, heartbeatSignedWith } from '@wardwatch/contracts/agent-signature';
import { pollUntil, randomPrefix } from '@wardwatch/devkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeartbeatSender } from '../../src/heartbeat/heartbeat-sender.js';
import { createDeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { createRedisConnection } from '../../src/publish/redis-connection.js';
import { captureLogger } from './log-capture.js';
import { allJobs, restartableRedis } from './redis-fixture.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-heartbeat-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('heartbeat sender', () => {
  it('sends a valid AgentHeartbeat every interval, drops (and counts) the ones Redis cannot take, and keeps no backlog', async () => {
    const redis = await restartableRedis(join(dir, 'redis'));
    const registry = createRegistry();
    const metrics = createDeliveryMetrics(registry);
    const log = captureLogger();
    const connection = createRedisConnection(redis.url, log.logger, 'test-heartbeats');
    const prefix = randomPrefix();
    let pending = 2;
    const sender = new HeartbeatSender({
      connection,
      identity: { agentId: 'agent-1', ward: 'hang-bong', agentVersion: '0.1.0', startedAtMs: Date.now() - 5_000 },
      health: () => ({
        outboxPending: pending,
        configVersion: 'cfg-3',
        cameras: [
          { id: 'cam-1', name: 'Hàng Bông 12', state: 'up', fps: 4.987, restarts: 0, lastFrameAt: new Date().toISOString() },
          { id: 'cam-2', name: 'Ngõ 5', state: 'down', fps: 0, restarts: 3, lastError: 'cannot open rtsp://admin:hunter22@10.0.0.5/main: timeout' },
        ],
      }),
      intervalSeconds: 0.3,
      logger: log.logger,
      metrics,
      prefix,
      token: 'agent-1-console-token',
    });
    const counter = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;
    const jobs = () => allJobs(redis.url, prefix, HEARTBEATS_QUEUE);
    try {
      sender.start();
      await pollUntil('three heartbeats', async () => (await jobs()).length >= 3, { timeoutMs: 30_000 });
      const [first] = await jobs();
      const heartbeat = agentHeartbeatV1.parse(first!.data);
      expect(heartbeat).toMatchObject({ agentId: 'agent-1', ward: 'hang-bong', outboxPending: 2, configVersion: 'cfg-3' });
      expect(heartbeat.uptimeSeconds).toBeGreaterThanOrEqual(5);
      // Signed with the console token, as the console checks it against the token's stored hash.
      expect(heartbeatSignedWith(heartbeat, signingKey('agent-1-console-token'))).toBe(true);
      expect(heartbeatSignedWith(heartbeat, signingKey('another-agents-token'))).toBe(false);
      expect(heartbeatSignedWith({ ...heartbeat, outboxPending: 0 }, signingKey('agent-1-console-token'))).toBe(false);
      expect(heartbeat.cameras[1]).toMatchObject({ id: 'cam-2', state: 'down', restarts: 3 });
      expect(heartbeat.cameras[1]!.lastError).not.toContain('hunter22');

      await redis.stop();
      const sentBefore = await counter('wardwatch_heartbeats_sent_total');
      await pollUntil('dropped heartbeats', async () => (await counter('wardwatch_heartbeats_dropped_total')) >= 4, { timeoutMs: 30_000 });
      const dropped = await counter('wardwatch_heartbeats_dropped_total');
      pending = 7;
      await redis.start();
      await pollUntil('heartbeats again', async () => (await counter('wardwatch_heartbeats_sent_total')) >= sentBefore + 2, { timeoutMs: 30_000 });
      await sender.stop();
      // No backlog: what arrives after the outage is only what was sent after it, with fresh data.
      const after = (await jobs()).map((job) => agentHeartbeatV1.parse(job.data));
      expect(after.length).toBe(await counter('wardwatch_heartbeats_sent_total'));
      expect(after.some((beat) => beat.outboxPending === 7)).toBe(true);
      expect(dropped).toBeGreaterThanOrEqual(4);
      expect(log.lines.filter((line) => line.event === 'heartbeat_dropped')).toHaveLength(1);
    } finally {
      await sender.stop();
      connection.disconnect();
      await redis.stop();
    }
  });
});
