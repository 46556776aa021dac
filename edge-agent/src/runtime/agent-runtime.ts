import type { Registry } from 'prom-client';
import { canonicalJson } from '@wardwatch/contracts';
import { Agent, type AgentService } from '../agent/agent.js';
import { changeSummary, hasCameraChanges, type CameraChanges } from '../agent/camera-changes.js';
import type { AgentConfig } from '../config/agent-config.schema.js';
import { DetectorPool } from '../detect/detector-pool.js';
import { loadDetectorModel, workerCount } from '../detect/create-detector.js';
import type { SegmentSource } from '../evidence/segment-source.js';
import { systemClock, type Clock } from '../ingest/clock.js';
import type { Logger } from '../log/logger.js';
import { createDetectMetrics } from '../metrics/detect-metrics.js';
import type { DeliveryStep } from '../publish/outbox-publisher.js';
import { agentVersion } from './agent-version.js';
import { liveAnalysis } from './live-analysis.js';
import { configVersion } from './config-version.js';
import { openDelivery, type Delivery } from './delivery.js';
import { planDelivery } from './delivery-plan.js';

export interface RuntimeOptions {
  config: AgentConfig;
  registry: Registry;
  logger: Logger;
  /** Overrides agent.httpPort (0 = any free port). */
  httpPort?: number;
  clock?: Clock;
  /** Fault injection for the crash tests (see `run`): called between delivery steps. */
  afterDeliveryStep?: (step: DeliveryStep, violationId: string) => void | Promise<void>;
  /**
   * What `configVersion` reports for `config`: a managed agent's `vN`. Unset: the content hash
   * of the config (a local file).
   */
  configVersion?: string;
  /**
   * The cameras come from a console (see console-link/): a config without a Redis yet is not a
   * mistake but a console that has not sent one, so delivery waits for it instead of refusing.
   */
  managed?: boolean;
  /** More /status fields (the console link's state); must be free of credentials. */
  statusExtras?: () => Record<string, unknown>;
  /** Something only a new process can mend (detector threads stuck in native code): the caller stops the agent with a failure status. */
  onFatal?: (error: Error) => void;
}

export interface ReloadOutcome {
  changes: CameraChanges;
  /** Top-level sections that differ but only apply at the next start. */
  needsRestart: string[];
  configVersion: string;
}

/** Thrown before anything starts when the config cannot run (e.g. half-configured delivery). */
export class RuntimeConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`the config cannot run:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RuntimeConfigError';
  }
}

/** A recorded segment cache is absent for unpaced files: the evidence falls back to the trigger frame. */
const noSegments: SegmentSource = { segmentsBetween: () => Promise.resolve([]) };

/**
 * The composition root of `edge-agent run`: builds every part from the config, in the order the
 * data flows (detector, evidence and delivery, then the cameras that feed them), and owns the
 * config reload. Cameras are the only part reloaded live; other sections are reported as needing
 * a restart and keep their running values, and `configVersion` is the hash of what really runs.
 */
export class AgentRuntime {
  private version: string;
  private readonly companions: AgentService[] = [];
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly agent: Agent,
    private readonly delivery: Delivery,
    private effective: AgentConfig,
    private readonly logger: Logger,
    private readonly managed: boolean,
    version: string | undefined,
    private readonly detector: Pick<DetectorPool, 'stuckThreads'>,
  ) {
    this.version = version ?? configVersion(effective);
  }

  /** Detector threads stuck in native code: the process cannot exit normally while there are any (see ProcessSignals). */
  get stuckDetectorThreads(): number {
    return this.detector.stuckThreads;
  }

  static async start(options: RuntimeOptions): Promise<AgentRuntime> {
    const { config, registry, logger } = options;
    const clock = options.clock ?? systemClock;
    const managed = options.managed ?? false;
    const plan = planDelivery(config);
    if (plan.problems.length > 0 && !managed) throw new RuntimeConfigError(plan.problems);
    for (const problem of managed ? plan.problems : []) logger.warn({ event: 'delivery_waiting', problem }, `delivery waits for the console: ${problem}`);

    const model = await loadDetectorModel(config.model);
    const pool = await DetectorPool.start({
      ...model,
      workers: workerCount(config.detector),
      intraOpThreads: config.detector.intraOpThreads,
      metrics: createDetectMetrics(registry),
      onError: (error, cameraId) => logger.error({ err: error, camera: cameraId }, 'detector error'),
      ...(options.onFatal ? { onFatal: options.onFatal } : {}),
    });
    let runtime: AgentRuntime | undefined;
    let agent: Agent | undefined;
    try {
      const startedAtMs = clock.now();
      const delivery = await openDelivery({
        config,
        plan,
        identity: { agentId: config.agent.id, agentVersion: agentVersion(), ward: config.agent.ward, model: { name: model.manifest.name, sha256: model.manifest.sha256 }, timeZone: config.agent.timezone },
        startedAtMs,
        registry,
        logger,
        health: () => ({ cameras: agent?.cameraHealth() ?? [], configVersion: runtime?.configVersion ?? options.configVersion ?? configVersion(config) }),
        ...(options.afterDeliveryStep ? { afterStep: options.afterDeliveryStep } : {}),
      });
      const analysis = liveAnalysis({
        pool,
        timezone: config.agent.timezone,
        clock,
        dataDir: config.agent.dataDir,
        logger,
        onEvent: (event, context) => {
          if (event.phase !== 'ended') {
            logger.info({ event: 'violation_triggered', camera: event.cameraId, zone: event.zoneId, rule: event.rule, phase: event.phase, key: event.key }, 'violation triggered; cutting evidence');
          }
          void delivery.intake.submit(event, {
            cameraName: context.camera.name,
            zone: context.zone.polygon,
            segments: agent?.segmentCache(context.camera.id) ?? noSegments,
            ...(context.frame ? { triggerFrame: context.frame } : {}),
          });
        },
      });
      agent = new Agent(config, {
        registry,
        logger,
        clock,
        pipeline: analysis.pipeline,
        services: [analysis.service, ...delivery.services],
        ...(options.httpPort !== undefined ? { httpPort: options.httpPort } : {}),
        statusExtras: () => ({ configVersion: runtime?.configVersion, delivery: delivery.status(), ...options.statusExtras?.() }),
      });
      runtime = new AgentRuntime(agent, delivery, config, logger, managed, options.configVersion, pool);
      // A managed agent still waiting for the console's Redis said so above (delivery_waiting).
      if (!managed || plan.problems.length === 0) logDeliveryMode(logger, plan.publish !== undefined, plan.heartbeats !== undefined, delivery.outbox.depth());
      await agent.start();
      logger.info({ event: 'agent_running', configVersion: runtime.configVersion, model: model.manifest.name, detectorWorkers: pool.size }, 'agent running');
      return runtime;
    } catch (error) {
      if (agent) await agent.stop();
      else await pool.close();
      throw error;
    }
  }

  get configVersion(): string {
    return this.version;
  }

  /** The config the agent runs with: the cameras and delivery of the last reload, the other sections of the start. */
  get config(): AgentConfig {
    return this.effective;
  }

  /**
   * Applies a new, already validated config: changed cameras restart, cameras with only new
   * zones keep their stream, the others keep running; a new console or Redis re-points delivery.
   * `versionLabel` is what `configVersion` reports afterwards (a managed `vN`); unset, the content
   * hash of what runs.
   */
  async reload(next: AgentConfig, versionLabel?: string): Promise<ReloadOutcome> {
    const differs = (key: keyof AgentConfig): boolean => canonicalJson(next[key]) !== canonicalJson(this.effective[key]);
    let delivery: Pick<AgentConfig, 'console' | 'redis'> = { console: this.effective.console, redis: this.effective.redis };
    if (differs('console') || differs('redis')) {
      const plan = planDelivery(next);
      if (plan.problems.length === 0 || this.managed) {
        await this.delivery.retarget(plan);
        delivery = { console: next.console, redis: next.redis };
      } else {
        for (const problem of plan.problems) this.logger.error({ event: 'config_problem', problem }, `delivery settings not applied: ${problem}`);
      }
    }
    const needsRestart = (Object.keys(next) as (keyof AgentConfig)[]).filter((key) => key !== 'cameras' && key !== 'console' && key !== 'redis' && differs(key));
    if (canonicalJson(delivery) !== canonicalJson({ console: next.console, redis: next.redis })) needsRestart.push(...(['console', 'redis'] as const).filter(differs));
    const changes = await this.agent.applyCameras(next.cameras);
    this.effective = { ...this.effective, ...delivery, cameras: next.cameras };
    this.version = versionLabel ?? configVersion(this.effective);
    if (needsRestart.length > 0) this.logger.warn({ event: 'config_needs_restart', sections: needsRestart }, `these settings apply at the next restart: ${needsRestart.join(', ')}`);
    this.logger.info({ event: 'config_reloaded', configVersion: this.version, cameras: changeSummary(changes) }, hasCameraChanges(changes) ? 'config reloaded' : 'config reloaded; no camera changed');
    this.delivery.beatNow();
    return { changes, needsRestart, configVersion: this.version };
  }

  /**
   * Runs `service` beside the agent (the console sync loop): started now, stopped first on
   * `stop()`, before any camera, so it never reloads an agent that is stopping.
   */
  async attach(service: AgentService): Promise<void> {
    if (this.stopping) throw new Error('the agent is stopping');
    this.companions.push(service);
    await service.start();
  }

  /** Graceful: companions, then no new frames, evidence in flight into the outbox, delivery, detector, ffmpeg. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of [...this.companions].reverse()) {
        await service.stop().catch((error: unknown) => this.logger.error({ service: service.name, err: error }, 'service stop failed'));
      }
      await this.agent.stop();
    })();
    return this.stopping;
  }
}

function logDeliveryMode(logger: Logger, publishing: boolean, heartbeats: boolean, pending: number): void {
  if (publishing) logger.info({ event: 'delivery_on', outboxPending: pending }, 'violations are delivered to the console');
  else {
    logger.warn(
      { event: 'delivery_off', outboxPending: pending },
      'delivery is OFF: no console is configured, so violations are kept in the outbox and sent once console.url, a token and redis.url are set',
    );
  }
  if (!heartbeats) logger.warn({ event: 'heartbeats_off' }, 'heartbeats are OFF: no redis.url / REDIS_URL is set');
}
