import type { Registry } from 'prom-client';
import { canonicalJson, type CameraHealth } from '@wardwatch/contracts';
import { changeSummary, hasCameraChanges, type CameraChanges } from '../cameras/camera-changes.js';
import { RunningCameras } from '../cameras/running-cameras.js';
import type { AgentConfig } from '../config/agent-config.schema.js';
import { DetectorPool } from '../detect/detector-pool.js';
import { loadDetectorModel, workerCount } from '../detect/create-detector.js';
import type { SegmentSource } from '../evidence/segment-source.js';
import { startAgentHttpServer, type AgentHttpServer } from '../http/agent-http-server.js';
import { systemClock, type Clock } from '../ingest/clock.js';
import type { Logger } from '../log/logger.js';
import { createDetectMetrics } from '../metrics/detect-metrics.js';
import type { DeliveryStep } from '../publish/outbox-publisher.js';
import { agentVersion } from './agent-version.js';
import { configVersion } from './config-version.js';
import { openDelivery, type Delivery } from './delivery.js';
import { planDelivery, type DeliveryPlan } from './delivery-plan.js';
import { liveAnalysis } from './live-analysis.js';
import { Stages, type Stage } from './stages.js';
export interface RuntimeOptions {
  config: AgentConfig;
  registry: Registry;
  logger: Logger;
  /** Overrides agent.httpPort (0 = any free port); null = no HTTP endpoint (tests). */
  httpPort?: number | null;
  clock?: Clock;
  /** Fault injection for the crash tests (test/run/crashing-agent.ts): called between delivery steps. */
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

/** A file camera read at full speed has no recording: the evidence falls back to the trigger frame. */
const noRecording: SegmentSource = { segmentsBetween: () => Promise.resolve([]) };

/** What /status answers (must be free of credentials). */
export interface AgentStatus {
  agentId: string;
  ward: string;
  startedAt: string;
  uptimeSeconds: number;
  configVersion: string;
  cameras: CameraHealth[];
  [extra: string]: unknown;
}

/**
 * `edge-agent run`'s one owner: it builds the agent's stages from the config and runs them. The
 * stages start in this order and stop in the reverse one, so each stage starts after the stages
 * it hands its work to and stops before them; read from the bottom up, the list is a frame's path:
 *
 *   1. http          /metrics, /healthz, /status (up first, down last)
 *   2. delivery      outbox -> console: media upload, then the BullMQ job; heartbeats
 *   3. evidence      clip and snapshot of each violation -> outbox on disk
 *   4. detector      detect -> track -> zone rules, for every camera (the shared DetectorPool)
 *   5. cameras       ingest: a supervised ffmpeg per camera, its frames to the detector
 *   6. config-sync   a managed agent's console sync, `attach`ed after start (stops first, so it
 *                    never reloads an agent that is stopping)
 *
 * Stopping therefore ends the sync, then every camera (no new frames, ffmpeg closes its last
 * segment), the detector (the reported cases are final and written down), the evidence in
 * progress (into the outbox), delivery (publisher, then heartbeats) and HTTP.
 *
 * Cameras are the only part reloaded live; other sections are reported as needing a restart and
 * keep their running values, and `configVersion` is the hash of what really runs.
 */
export class AgentRuntime {
  private version: string;
  private effective: AgentConfig;
  private readonly stages: Stages;
  private readonly clock: Clock;
  private readonly managed: boolean;
  private state: 'starting' | 'running' | 'stopping' = 'starting';
  private readonly startedAtMs: number;
  private delivery: Delivery | undefined;
  private pool: DetectorPool | undefined;
  private running: RunningCameras | undefined;
  private http: AgentHttpServer | undefined;
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly options: RuntimeOptions,
    private readonly plan: DeliveryPlan,
  ) {
    this.effective = options.config;
    this.version = options.configVersion ?? configVersion(options.config);
    this.clock = options.clock ?? systemClock;
    this.startedAtMs = this.clock.now();
    this.managed = options.managed ?? false;
    this.stages = new Stages(options.logger);
  }

  static async start(options: RuntimeOptions): Promise<AgentRuntime> {
    const managed = options.managed ?? false;
    const plan = planDelivery(options.config);
    if (plan.problems.length > 0 && !managed) throw new RuntimeConfigError(plan.problems);
    for (const problem of managed ? plan.problems : []) options.logger.warn({ event: 'delivery_waiting', problem }, `delivery waits for the console: ${problem}`);
    const runtime = new AgentRuntime(options, plan);
    try {
      await runtime.open();
    } catch (error) {
      await runtime.stop();
      throw error;
    }
    return runtime;
  }

  /** Builds and starts the stages, in the order of the list above. */
  private async open(): Promise<void> {
    const { config, registry, logger } = this.options;
    if (this.options.httpPort !== null) await this.stages.start(this.httpStage());

    const model = await loadDetectorModel(config.model);
    const delivery = await openDelivery({
      config,
      plan: this.plan,
      identity: { agentId: config.agent.id, agentVersion: agentVersion(), ward: config.agent.ward, model: { name: model.manifest.name, sha256: model.manifest.sha256 }, timeZone: config.agent.timezone, language: config.agent.language },
      startedAtMs: this.startedAtMs,
      registry,
      logger,
      health: () => ({ cameras: this.cameraHealth(), configVersion: this.version }),
      ...(this.options.afterDeliveryStep ? { afterStep: this.options.afterDeliveryStep } : {}),
    });
    this.delivery = delivery;
    // A managed agent still waiting for the console's Redis said so at start (delivery_waiting).
    if (!this.managed || this.plan.problems.length === 0) logDeliveryMode(logger, this.plan.publish !== undefined, this.plan.heartbeats !== undefined, delivery.outbox.depth());
    await this.stages.start(delivery.stage);
    await this.stages.start(delivery.evidence);

    // The pool's worker threads belong to the detector stage, started right below.
    const pool = await DetectorPool.start({
      ...model,
      workers: workerCount(config.detector),
      intraOpThreads: config.detector.intraOpThreads,
      metrics: createDetectMetrics(registry),
      onError: (error, cameraId) => logger.error({ err: error, camera: cameraId }, 'detector error'),
      ...(this.options.onFatal ? { onFatal: this.options.onFatal } : {}),
    });
    this.pool = pool;
    const analysis = liveAnalysis({
      pool,
      timezone: config.agent.timezone,
      clock: this.clock,
      dataDir: config.agent.dataDir,
      logger,
      onEvent: (event, context) => {
        if (event.phase !== 'ended') {
          logger.info({ event: 'violation_triggered', camera: event.cameraId, zone: event.zoneId, rule: event.rule, phase: event.phase, key: event.key }, 'violation triggered; cutting evidence');
        }
        void delivery.intake.submit(event, {
          cameraName: context.camera.name,
          ...(context.zone.name !== undefined ? { zoneName: context.zone.name } : {}),
          zone: context.zone.polygon,
          segments: context.recording ?? noRecording,
          ...(context.frame ? { triggerFrame: context.frame } : {}),
        });
      },
    });
    await this.stages.start(analysis.stage);

    this.running = new RunningCameras(config, { registry, logger, clock: this.clock, pipeline: analysis.pipeline });
    await this.stages.start(this.running);
    this.state = 'running';
    logger.info({ event: 'agent_running', configVersion: this.version, model: model.manifest.name, detectorWorkers: pool.size, cameras: config.cameras.length }, 'agent running');
  }

  private httpStage(): Stage {
    const { config, registry, logger } = this.options;
    const port = this.options.httpPort ?? config.agent.httpPort;
    return {
      name: 'http',
      start: async () => {
        this.http = await startAgentHttpServer({ host: config.agent.httpHost, port, registry, status: () => this.status(), healthy: () => this.state === 'running', logger });
      },
      stop: async () => {
        await this.http?.close();
      },
    };
  }

  /** The port the HTTP endpoint listens on (after start; undefined without one). */
  get httpPort(): number | undefined {
    return this.http?.port;
  }

  /** The running cameras (after start). */
  get cameras(): RunningCameras {
    if (!this.running) throw new Error('the agent has not started its cameras');
    return this.running;
  }

  /** Detector threads stuck in native code: the process cannot exit normally while there are any (see ProcessSignals). */
  get stuckDetectorThreads(): number {
    return this.pool?.stuckThreads ?? 0;
  }

  get configVersion(): string {
    return this.version;
  }

  /** The config the agent runs with: the cameras and delivery of the last reload, the other sections of the start. */
  get config(): AgentConfig {
    return this.effective;
  }

  /**
   * The heartbeat's and /status's `cameras` (contracts AgentHeartbeat v1). Before their stage
   * runs (the model still loading) every configured camera is `starting`.
   */
  cameraHealth(): CameraHealth[] {
    return this.running?.health() ?? this.effective.cameras.map((camera) => ({ id: camera.id, name: camera.name, state: 'starting', fps: 0, restarts: 0 }));
  }

  /** Running ffmpeg processes, for a forced exit that must not leave them behind. */
  ffmpegPids(): number[] {
    return this.running?.ffmpegPids() ?? [];
  }

  status(): AgentStatus {
    const { config } = this.options;
    return {
      agentId: config.agent.id,
      ward: config.agent.ward,
      startedAt: new Date(this.startedAtMs).toISOString(),
      uptimeSeconds: Math.round((this.clock.now() - this.startedAtMs) / 1_000),
      configVersion: this.version,
      ...(this.delivery ? { delivery: this.delivery.status() } : {}),
      ...this.options.statusExtras?.(),
      cameras: this.cameraHealth(),
    };
  }

  /**
   * Applies a new, already validated config: changed cameras restart, cameras with only new
   * zones keep their stream, the others keep running; a new console or Redis re-points delivery.
   * `versionLabel` is what `configVersion` reports afterwards (a managed `vN`); unset, the content
   * hash of what runs.
   */
  async reload(next: AgentConfig, versionLabel?: string): Promise<ReloadOutcome> {
    const delivery = this.delivery;
    if (this.state !== 'running' || !delivery) throw new Error(`the agent cannot reload: it is ${this.state}`);
    const differs = (key: keyof AgentConfig): boolean => canonicalJson(next[key]) !== canonicalJson(this.effective[key]);
    let target: Pick<AgentConfig, 'console' | 'redis'> = { console: this.effective.console, redis: this.effective.redis };
    if (differs('console') || differs('redis')) {
      const plan = planDelivery(next);
      if (plan.problems.length === 0 || this.managed) {
        await delivery.retarget(plan);
        target = { console: next.console, redis: next.redis };
      } else {
        for (const problem of plan.problems) this.options.logger.error({ event: 'config_problem', problem }, `delivery settings not applied: ${problem}`);
      }
    }
    const needsRestart = (Object.keys(next) as (keyof AgentConfig)[]).filter((key) => key !== 'cameras' && key !== 'console' && key !== 'redis' && differs(key));
    if (canonicalJson(target) !== canonicalJson({ console: next.console, redis: next.redis })) needsRestart.push(...(['console', 'redis'] as const).filter(differs));
    const changes = await this.cameras.applyCameras(next.cameras);
    this.effective = { ...this.effective, ...target, cameras: next.cameras };
    this.version = versionLabel ?? configVersion(this.effective);
    if (needsRestart.length > 0) this.options.logger.warn({ event: 'config_needs_restart', sections: needsRestart }, `these settings apply at the next restart: ${needsRestart.join(', ')}`);
    this.options.logger.info({ event: 'config_reloaded', configVersion: this.version, cameras: changeSummary(changes) }, hasCameraChanges(changes) ? 'config reloaded' : 'config reloaded; no camera changed');
    delivery.beatNow();
    return { changes, needsRestart, configVersion: this.version };
  }

  /** Starts `stage` as the last one (the console sync loop): it stops first. */
  async attach(stage: Stage): Promise<void> {
    if (this.state !== 'running') throw new Error(`cannot attach ${stage.name}: the agent is ${this.state}`);
    await this.stages.start(stage);
  }

  /** Graceful: every stage, last started first (see the list above). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.state = 'stopping';
      await this.stages.stop();
      this.options.logger.info({ event: 'agent_stopped' }, 'agent stopped');
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
