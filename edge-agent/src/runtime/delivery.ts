import { join } from 'node:path';
import { canonicalJson, type CameraHealth } from '@wardwatch/contracts';
import type { Registry } from 'prom-client';
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
import type { Stage } from './stages.js';

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

/** Evidence, outbox, publisher and heartbeats of one agent process, as two of its stages. */
export interface Delivery {
  intake: ViolationIntake;
  outbox: DiskOutbox;
  /** Cuts the clip and snapshot of each violation and writes it to the outbox; stopping waits for those in progress. */
  evidence: Stage;
  /** Drains the outbox to the console (media, then the job) and sends heartbeats. */
  stage: Stage;
  /** Sends a heartbeat now (after a reload, so the console sees the new config version at once). */
  beatNow(): void;
  /**
   * Points the publisher and the heartbeats at a new console / Redis (a managed agent learns
   * its Redis from the console, possibly after it started). The old link stops before the new
   * one starts, so two publishers never drain the outbox at once. False when nothing changed.
   */
  retarget(plan: DeliveryPlan): Promise<boolean>;
  status(): { publishing: boolean; heartbeats: boolean; outboxPending: number; evidenceInProgress: number };
}

/** The publisher and heartbeats for one delivery plan. */
interface Link {
  plan: DeliveryPlan;
  heartbeat: HeartbeatSender | undefined;
  start(): void;
  stop(): Promise<void>;
}

export async function openDelivery(deps: DeliveryDeps): Promise<Delivery> {
  const { config, logger } = deps;
  const metrics = createDeliveryMetrics(deps.registry);
  const outbox = await DiskOutbox.open({ dir: config.outbox.dir ?? join(config.agent.dataDir, 'outbox'), maxBytes: config.outbox.maxBytes, logger, metrics });
  const recorder = new EvidenceRecorder({ settings: { ...config.evidence, timeZone: config.agent.timezone }, now: Date.now, logger });
  const intake = new ViolationIntake({ outbox, recorder, identity: deps.identity, now: Date.now, logger, metrics });

  const openLink = (plan: DeliveryPlan): Link => {
    const parts: { start: () => void; stop: () => Promise<void> }[] = [];
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
        ...(plan.heartbeats.token ? { token: plan.heartbeats.token } : {}),
      });
      heartbeat = sender;
      parts.push({
        start: () => sender.start(),
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
      parts.push({
        start: () => drain.start(),
        async stop() {
          await drain.stop();
          await publisher.close();
        },
      });
    }
    let stopped: Promise<void> | undefined;
    return {
      plan,
      heartbeat,
      start: () => parts.forEach((part) => part.start()),
      // Publisher before heartbeats: the console hears from the agent until delivery has stopped.
      stop: () => (stopped ??= (async () => {
        for (const part of [...parts].reverse()) await part.stop();
      })()),
    };
  };

  let link = openLink(deps.plan);
  let running = false;
  let changing: Promise<unknown> = Promise.resolve();
  const stage: Stage = {
    name: 'delivery',
    start: () => {
      running = true;
      link.start();
      return Promise.resolve();
    },
    async stop() {
      running = false;
      await changing;
      await link.stop();
    },
  };
  const evidence: Stage = { name: 'evidence', start: () => Promise.resolve(), stop: () => intake.close() };

  const retarget = async (plan: DeliveryPlan): Promise<boolean> => {
    if (canonicalJson({ p: plan.publish, h: plan.heartbeats }) === canonicalJson({ p: link.plan.publish, h: link.plan.heartbeats })) return false;
    const old = link;
    link = openLink(plan);
    await old.stop();
    if (running) link.start();
    logger.info({ event: 'delivery_retargeted', publishing: plan.publish !== undefined, heartbeats: plan.heartbeats !== undefined }, 'delivery now follows the new console settings');
    return true;
  };

  return {
    intake,
    outbox,
    evidence,
    stage,
    beatNow: () => void link.heartbeat?.sendNow(),
    retarget(plan) {
      const next = changing.then(() => retarget(plan));
      changing = next.catch(() => undefined);
      return next;
    },
    status: () => ({ publishing: link.plan.publish !== undefined, heartbeats: link.heartbeat !== undefined, outboxPending: outbox.depth(), evidenceInProgress: intake.pendingEvidence() }),
  };
}
