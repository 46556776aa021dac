import type { CameraHealth } from '@wardwatch/contracts';
import type { Registry } from 'prom-client';
import type { AgentConfig, CameraConfig } from '../config/agent-config.schema.js';
import type { PixelFormat } from '../ffmpeg/ingest-args.js';
import { startAgentHttpServer, type AgentHttpServer } from '../http/agent-http-server.js';
import type { CameraIngest } from '../ingest/camera-ingest.js';
import { systemClock, type Clock } from '../ingest/clock.js';
import { createCameraIngest, type FrameSize } from '../ingest/create-frame-source.js';
import type { FrameSource } from '../ingest/frame.js';
import type { SegmentCache } from '../ingest/segment-cache.js';
import type { Logger } from '../log/logger.js';
import { createIngestMetrics } from '../metrics/ingest-metrics.js';

/**
 * What consumes one camera's frames: detection -> tracking -> rules -> evidence (later issues).
 * `run` reads `source.frames()` until it ends or `signal` aborts.
 */
export interface CameraPipeline {
  run(camera: CameraConfig, source: FrameSource, signal: AbortSignal): Promise<void>;
}

/** A long-lived part of the agent beside the cameras (heartbeat, outbox publisher, ...). */
export interface AgentService {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AgentDeps {
  registry: Registry;
  logger: Logger;
  clock?: Clock;
  /** The detector's input size; ffmpeg letterboxes every camera to it. Default 416x416 (YOLOX-Nano). */
  frameSize?: FrameSize;
  pixelFormat?: PixelFormat;
  pipeline?: CameraPipeline;
  services?: AgentService[];
  /** Overrides `agent.httpPort` (0 = a free port, for tests); null = no HTTP endpoint. */
  httpPort?: number | null;
  ffmpegBinary?: string;
}

export interface AgentStatus {
  agentId: string;
  ward: string;
  startedAt: string | undefined;
  uptimeSeconds: number;
  cameras: CameraHealth[];
}

const DEFAULT_FRAME_SIZE: FrameSize = { width: 416, height: 416 };

/**
 * The `edge-agent run` process: one self-healing ingest per camera, a pipeline per camera that
 * consumes its frames, extra services, and the HTTP endpoint. Start order is cameras, pipelines,
 * services, HTTP; stop runs the other way, so nothing reads from a part that is already gone.
 */
export class Agent {
  private readonly cameras = new Map<string, { config: CameraConfig; ingest: CameraIngest }>();
  private readonly pipelines: Promise<void>[] = [];
  private readonly abort = new AbortController();
  private readonly services: AgentService[];
  private readonly clock: Clock;
  private readonly log: Logger;
  private http: AgentHttpServer | undefined;
  private startedAt: number | undefined;
  private state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';

  constructor(
    readonly config: AgentConfig,
    private readonly deps: AgentDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.log = deps.logger.child({ agent: config.agent.id });
    this.services = [...(deps.services ?? [])];
    const metrics = createIngestMetrics(deps.registry);
    for (const camera of config.cameras) {
      const ingest = createCameraIngest(camera, {
        dataDir: config.agent.dataDir,
        frameSize: deps.frameSize ?? DEFAULT_FRAME_SIZE,
        ...(deps.pixelFormat ? { pixelFormat: deps.pixelFormat } : {}),
        metrics,
        logger: deps.logger,
        clock: this.clock,
        ...(deps.ffmpegBinary ? { ffmpegBinary: deps.ffmpegBinary } : {}),
      });
      this.cameras.set(camera.id, { config: camera, ingest });
    }
  }

  /** Adds a service before start (e.g. the heartbeat, which reads `cameraHealth()`). */
  addService(service: AgentService): void {
    if (this.state !== 'new') throw new Error('services must be added before the agent starts');
    this.services.push(service);
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`agent cannot start: it is ${this.state}`);
    this.state = 'running';
    this.startedAt = this.clock.now();
    for (const { config, ingest } of this.cameras.values()) {
      ingest.start();
      const pipeline = this.deps.pipeline;
      if (pipeline) {
        this.pipelines.push(
          pipeline.run(config, ingest, this.abort.signal).catch((error: unknown) => {
            this.log.error({ camera: config.id, err: error }, 'camera pipeline failed');
          }),
        );
      }
    }
    for (const service of this.services) await service.start();
    const port = this.deps.httpPort === undefined ? this.config.agent.httpPort : this.deps.httpPort;
    if (port !== null) {
      this.http = await startAgentHttpServer({
        host: this.config.agent.httpHost,
        port,
        registry: this.deps.registry,
        status: () => this.status(),
        healthy: () => this.state === 'running',
        logger: this.deps.logger,
      });
    }
    this.log.info({ cameras: this.cameras.size }, 'agent started');
  }

  /** Graceful stop: HTTP, services, pipelines, then every ffmpeg (q, SIGTERM, SIGKILL). */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    await this.http?.close();
    for (const service of [...this.services].reverse()) {
      await service.stop().catch((error: unknown) => this.log.error({ service: service.name, err: error }, 'service stop failed'));
    }
    this.abort.abort();
    await Promise.all([...this.cameras.values()].map(({ ingest }) => ingest.stop()));
    await Promise.all(this.pipelines);
    this.state = 'stopped';
    this.log.info('agent stopped');
  }

  get httpPort(): number | undefined {
    return this.http?.port;
  }

  /** The heartbeat's `cameras` (contracts AgentHeartbeat v1). */
  cameraHealth(): CameraHealth[] {
    return [...this.cameras.values()].map(({ ingest }) => ingest.status());
  }

  status(): AgentStatus {
    const now = this.clock.now();
    return {
      agentId: this.config.agent.id,
      ward: this.config.agent.ward,
      startedAt: this.startedAt === undefined ? undefined : new Date(this.startedAt).toISOString(),
      uptimeSeconds: this.startedAt === undefined ? 0 : Math.round((now - this.startedAt) / 1_000),
      cameras: this.cameraHealth(),
    };
  }

  ingest(cameraId: string): CameraIngest | undefined {
    return this.cameras.get(cameraId)?.ingest;
  }

  /** Where evidence clips of a camera are cut from (issue "evidence"). */
  segmentCache(cameraId: string): SegmentCache | undefined {
    return this.cameras.get(cameraId)?.ingest.segmentCache;
  }
}
