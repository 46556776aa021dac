import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Db } from '../db/tables.js';
import type { MediaStore } from '../media/media-store.js';
import { createConsoleMetrics, type ConsoleMetrics } from '../metrics/console-metrics.js';
import { AgentRepository } from '../repositories/agent.repository.js';
import { AuditRepository } from '../repositories/audit.repository.js';
import { CameraRepository } from '../repositories/camera.repository.js';
import { ConfigVersionRepository } from '../repositories/config-version.repository.js';
import { EnrolmentRepository } from '../repositories/enrolment.repository.js';
import { FiguresRepository } from '../repositories/figures.repository.js';
import { MediaRepository } from '../repositories/media.repository.js';
import { DiscoveryRepository } from '../repositories/discovery.repository.js';
import { ProbeRepository } from '../repositories/probe.repository.js';
import { RetentionRepository } from '../repositories/retention.repository.js';
import { SessionRepository } from '../repositories/session.repository.js';
import { UserRepository } from '../repositories/user.repository.js';
import { ViolationRepository } from '../repositories/violation.repository.js';
import { WardRepository } from '../repositories/ward.repository.js';
import { CredentialCipher } from '../secrets/credential-cipher.js';
import { AccessService } from './access.service.js';
import { AdminService } from './admin.service.js';
import { AgentSyncService, type AgentDelivery } from './agent-sync.service.js';
import { AgentService } from './agent.service.js';
import { AuditService } from './audit.service.js';
import { AuthService } from './auth.service.js';
import { CameraService } from './camera.service.js';
import { ConfigVersionService } from './config-version.service.js';
import { DashboardService } from './dashboard.service.js';
import { ExportService } from './export.service.js';
import { IngestService } from './ingest.service.js';
import { MediaService } from './media.service.js';
import { DiscoveryService } from './discovery.service.js';
import { ProbeService } from './probe.service.js';
import { RetentionService, DEFAULT_RETENTION, type RetentionPolicy } from './retention.service.js';
import { ReviewService } from './review.service.js';
import { SiteService } from './site.service.js';

export interface ServiceDeps {
  db: Db;
  media: MediaStore;
  registry: Registry;
  sessionSecret: string;
  clock?: () => Date;
  /** Evidence size limit; the contract's MAX_MEDIA_BYTES unless a test lowers it. */
  maxMediaBytes?: number;
  /** Evidence one agent may have waiting for its jobs (MAX_UNCLAIMED_BYTES by default; tests lower it). */
  maxUnclaimedBytes?: number;
  /** Days evidence is kept after a decision; 30 (dismissed) and 365 (confirmed) unless configured. */
  retention?: RetentionPolicy;
  /** Seals camera logins at rest (32 bytes). Without it, saving or probing a camera with a login fails loudly. */
  secretKey?: Buffer;
  /** The Redis URL and queue prefix handed to enrolled agents; omitted from their config when unset. */
  agentDelivery?: AgentDelivery;
  /** For services that log their own events (retention); silent unless given. */
  logger?: Logger;
}

export interface ConsoleServices {
  auth: AuthService;
  access: AccessService;
  review: ReviewService;
  media: MediaService;
  ingest: IngestService;
  admin: AdminService;
  agents: AgentService;
  cameras: CameraService;
  sites: SiteService;
  versions: ConfigVersionService;
  probes: ProbeService;
  discoveries: DiscoveryService;
  agentSync: AgentSyncService;
  audit: AuditService;
  exports: ExportService;
  dashboard: DashboardService;
  retention: RetentionService;
  metrics: ConsoleMetrics;
}

/** Wires repositories into services: the one place that knows the whole graph. */
export function createServices(deps: ServiceDeps): ConsoleServices {
  const clock = deps.clock ?? (() => new Date());
  const violations = new ViolationRepository(deps.db);
  const users = new UserRepository(deps.db);
  const wards = new WardRepository(deps.db);
  const sessions = new SessionRepository(deps.db);
  const agents = new AgentRepository(deps.db);
  const media = new MediaRepository(deps.db);
  const audit = new AuditRepository(deps.db);
  const cameras = new CameraRepository(deps.db);
  const metrics = createConsoleMetrics(deps.registry, () => violations.pendingByWard());
  const enrolments = new EnrolmentRepository(deps.db);
  const versions = new ConfigVersionRepository(deps.db);
  const cipher = new CredentialCipher(deps.secretKey);
  const probes = new ProbeService({ agents, versions, probes: new ProbeRepository(deps.db), audit, cipher, clock });
  const discoveries = new DiscoveryService(agents, new DiscoveryRepository(deps.db), audit, cipher, clock);
  const access = new AccessService(wards);
  const review = new ReviewService({ violations, audit, users, access, metrics, clock, media });
  return {
    auth: new AuthService(users, sessions, { sessionSecret: deps.sessionSecret, clock }),
    access,
    review,
    media: new MediaService({ store: deps.media, media, agents, violations, review, audit, clock, ...(deps.logger ? { logger: deps.logger } : {}), ...(deps.maxMediaBytes === undefined ? {} : { maxBytes: deps.maxMediaBytes }), ...(deps.maxUnclaimedBytes === undefined ? {} : { unclaimedQuota: deps.maxUnclaimedBytes }) }),
    ingest: new IngestService(violations, media, agents, cameras, clock),
    admin: new AdminService(users, wards, sessions, audit, clock),
    agents: new AgentService({ agents, enrolments, versions, wards, audit, clock }),
    cameras: new CameraService(cameras, access, clock, wards),
    sites: new SiteService(agents, versions, cipher, clock),
    versions: new ConfigVersionService(agents, versions),
    probes,
    discoveries,
    agentSync: new AgentSyncService({ agents, enrolments, versions, probes, discoveries, audit, cipher, delivery: deps.agentDelivery ?? {}, clock, ...(deps.logger ? { logger: deps.logger } : {}) }),
    audit: new AuditService(audit, access),
    exports: new ExportService({ violations, users, access, audit, clock, wards }),
    dashboard: new DashboardService(new FiguresRepository(deps.db), wards, access, clock, users),
    retention: new RetentionService(new RetentionRepository(deps.db), deps.media, deps.retention ?? DEFAULT_RETENTION, clock, deps.logger ?? pino({ level: 'silent' })),
    metrics,
  };
}
