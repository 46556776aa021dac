import { join } from 'node:path';
import type { CameraHealth } from '@wardwatch/contracts';
import type { Registry } from 'prom-client';
import type { AgentService } from '../agent/agent.js';
import type { AgentConfig } from '../config/agent-config.schema.js';
import { EvidenceRecorder } from '../evidence/evidence-recorder.js';
import { HeartbeatSender } from '../heartbeat/heartbeat-sender.js';
import type { Logger } from '../log/logger.js';
import { createDeliveryMetrics } from '../metrics/delivery-metrics.js';
import { DiskOutbox } from '../outbox/disk-outbox.js';
import type { AgentIdentity } from '../outbox/violation-draft.js';
import { ViolationIntake } from '../outbox/violation-intake.js';
import { createConsoleQueuePublisher } from '../publish/console-queue-publisher.js';
import { OutboxPublisher, type DeliveryStep } from '../publish/outbox-publisher.js';
import { createRedisConnection } from '../publish/redis-connection.js';
import type { DeliveryPlan } from './delivery-plan.js';

export interface DeliveryDeps {
  config: AgentConfig;
  plan: DeliveryPlan;
  identity: AgentIdentity;
  startedAtMs: number;
  registry: Registry;
  logger: Logger;
  /** Read at every heartbeat. */
  health: () => { cameras: CameraHealth[]; configVersion: string };
  /** Fault injection for the crash tests: called between the delivery steps. */
  afterStep?: (step: DeliveryStep, violationId: string) => void | Promise<void>;
}

/** Evidence, outbox, publisher and heartbeats of one agent process, as the Agent's services. */
export interface Delivery {
  intake: ViolationIntake;
  outbox: DiskOutbox;
  /**
   * In stop order (the Agent stops its services last to first): heartbeats, publisher, then
   * the evidence still being cut, which must land in the outbox before the process exits.
   */
  services: AgentService[];
  /** Sends a heartbeat now (after a reload, so the console sees the new config version at once). */
  beatNow(): void;
  status(): { publishing: boolean; heartbeats: boolean; outboxPending: number; evidenceInProgress: number };
}

export async function openDelivery(deps: DeliveryDeps): Promise<Delivery> {
  const { config, plan, logger } = deps;
  const metrics = createDeliveryMetrics(deps.registry);
  const outbox = await DiskOutbox.open({ dir: config.outbox.dir ?? join(config.agent.dataDir, 'outbox'), maxBytes: config.outbox.maxBytes, logger, metrics });
  const recorder = new EvidenceRecorder({ settings: { ...config.evidence, timeZone: config.agent.timezone }, now: Date.now, logger });
  const intake = new ViolationIntake({ outbox, recorder, identity: deps.identity, now: Date.now, logger, metrics });
  const services: AgentService[] = [];

  let heartbeat: HeartbeatSender | undefined;
  if (plan.heartbeats) {
    const connection = createRedisConnection(plan.heartbeats.redisUrl, logger, 'wardwatch-agent-heartbeats');
    const sender = new HeartbeatSender({
      connection,
      identity: { agentId: config.agent.id, ward: config.agent.ward, agentVersion: deps.identity.agentVersion, startedAtMs: deps.startedAtMs },
      health: () => ({ ...deps.health(), outboxPending: outbox.depth() }),
      intervalSeconds: config.agent.heartbeatSeconds,
      logger,
      metrics,
      prefix: plan.heartbeats.prefix,
    });
    heartbeat = sender;
    services.push({
      name: 'heartbeats',
      start: () => Promise.resolve(sender.start()),
      async stop() {
        await sender.stop();
        connection.disconnect();
      },
    });
  }

  if (plan.publish) {
    const target = plan.publish;
    const publisher = createConsoleQueuePublisher({ consoleUrl: target.consoleUrl, token: target.token, redisUrl: target.redisUrl, prefix: target.prefix, logger });
    const drain = new OutboxPublisher({ outbox, publisher, logger, metrics, ...(deps.afterStep ? { afterStep: deps.afterStep } : {}) });
    services.push({
      name: 'publisher',
      start: () => Promise.resolve(drain.start()),
      async stop() {
        await drain.stop();
        await publisher.close();
      },
    });
  }

  services.push({ name: 'evidence', start: () => Promise.resolve(), stop: () => intake.close() });

  return {
    intake,
    outbox,
    services,
    beatNow: () => void heartbeat?.sendNow(),
    status: () => ({ publishing: plan.publish !== undefined, heartbeats: heartbeat !== undefined, outboxPending: outbox.depth(), evidenceInProgress: intake.pendingEvidence() }),
  };
}
