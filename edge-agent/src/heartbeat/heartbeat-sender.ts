import { Queue } from 'bullmq';
import { agentHeartbeatV1, formatIssues, HEARTBEATS_QUEUE } from '@wardwatch/contracts';
import { signHeartbeat } from '@wardwatch/contracts/agent-signature';
import type { RedisClient } from '@wardwatch/contracts/redis';
import type { Logger } from 'pino';
import type { DeliveryMetrics } from '../metrics/delivery-metrics.js';
import { buildHeartbeat, type AgentHealthSnapshot, type HeartbeatIdentity } from './heartbeat-builder.js';

export interface HeartbeatSenderDeps {
  connection: RedisClient;
  identity: HeartbeatIdentity;
  /** Read at each beat, so the heartbeat is always current. */
  health: () => AgentHealthSnapshot;
  intervalSeconds: number;
  logger: Logger;
  metrics: Pick<DeliveryMetrics, 'heartbeatsSent' | 'heartbeatsDropped'>;
  now?: () => number;
  prefix?: string;
  queueName?: string;
  /** The console token: heartbeats are signed with it. Without one they go unsigned and a console refuses them. */
  token?: string;
}

/**
 * Every `intervalSeconds`, one AgentHeartbeat into the `heartbeats` queue. A heartbeat is only
 * worth its freshness: one that cannot be sent is dropped and counted, never queued in memory,
 * and a send never outlives the interval.
 */
export class HeartbeatSender {
  private readonly queue: Queue;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private failing = false;

  constructor(private readonly deps: HeartbeatSenderDeps) {
    this.queue = new Queue(deps.queueName ?? HEARTBEATS_QUEUE, { connection: deps.connection, ...(deps.prefix ? { prefix: deps.prefix } : {}) });
    this.queue.on('error', () => undefined);
  }

  start(): void {
    if (this.timer) return;
    if (!this.deps.token) {
      this.deps.logger.warn({ event: 'heartbeat_unsigned' }, 'no console token: heartbeats go unsigned and a console will not take them (set console.token)');
    }
    this.beat();
    this.timer = setInterval(() => this.beat(), this.deps.intervalSeconds * 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sending;
    await this.queue.close().catch(() => undefined);
  }

  /** Sends one heartbeat now; resolves true when Redis accepted it. */
  async sendNow(): Promise<boolean> {
    const { identity, logger, metrics } = this.deps;
    const heartbeat = buildHeartbeat(identity, this.deps.health(), this.deps.now?.() ?? Date.now());
    const checked = agentHeartbeatV1.safeParse(heartbeat);
    if (!checked.success) {
      metrics.heartbeatsDropped.inc();
      logger.error({ event: 'heartbeat_invalid', issues: formatIssues(checked.error) }, 'heartbeat does not fit the contract; dropped');
      return false;
    }
    const timeoutMs = Math.max(1_000, Math.min(10_000, this.deps.intervalSeconds * 1000));
    let timer: NodeJS.Timeout | undefined;
    try {
      const beat = this.deps.token ? signHeartbeat(checked.data, this.deps.token) : checked.data;
      const adding = this.queue.add('heartbeat', beat, { removeOnComplete: true, removeOnFail: true, attempts: 1 });
      adding.catch(() => undefined);
      await Promise.race([adding, new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error('timed out')), timeoutMs)))]);
      metrics.heartbeatsSent.inc();
      if (this.failing) logger.info({ event: 'heartbeat_recovered' }, 'heartbeats are sent again');
      this.failing = false;
      return true;
    } catch (error) {
      metrics.heartbeatsDropped.inc();
      if (!this.failing) logger.warn({ event: 'heartbeat_dropped', err: error }, 'cannot send heartbeats; dropping them until Redis is back');
      this.failing = true;
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private beat(): void {
    // A beat still in flight means Redis is slow: skip this one rather than pile them up.
    if (this.sending) {
      this.deps.metrics.heartbeatsDropped.inc();
      return;
    }
    this.sending = this.sendNow().then(
      () => undefined,
      () => undefined,
    ).finally(() => (this.sending = undefined));
  }
}
