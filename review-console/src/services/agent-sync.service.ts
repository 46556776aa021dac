import { pino, type Logger } from 'pino';
import { enrolRequest, enrolResponse, formatIssues, joinCredentials, parseWith, syncResponse, type EnrolResponse, type ManagedConfigInput, type SyncResponse } from '@wardwatch/contracts';
import type { CameraConfig } from '@wardwatch/contracts/site-config';
import { randomToken, sha256Hex } from '../auth/tokens.js';
import type { AgentTable, ConfigVersionTable } from '../db/tables.js';
import { InvalidInput, NotAuthenticated, StoredLoginUnreadable, TooManyAttempts } from '../domain/errors.js';
import { LoginThrottle } from '../domain/login-throttle.js';
import type { StoredCamera } from '../domain/site-document.js';
import type { AgentRepository } from '../repositories/agent.repository.js';
import type { AuditRepository } from '../repositories/audit.repository.js';
import type { ConfigVersionRepository } from '../repositories/config-version.repository.js';
import type { EnrolmentRepository } from '../repositories/enrolment.repository.js';
import type { CredentialCipher } from '../secrets/credential-cipher.js';
import { authenticateAgent } from './agent-auth.js';
import type { DiscoveryService } from './discovery.service.js';
import type { ProbeService } from './probe.service.js';
import { documentOf } from './site-view.js';

/** Where enrolled agents deliver violations and heartbeats: the console's agent-facing Redis and queue prefix. */
export interface AgentDelivery {
  redisUrl?: string;
  queuePrefix?: string;
}

/** What an agent sent with its sync. */
export interface SyncQuery {
  /** The managed version the agent holds (0: none). */
  have: number;
  /** The label of the config it runs (`v3`, or a local file's hash). */
  running?: string;
  /** Whether it runs the console's config or its own file; absent from older agents. */
  mode?: 'managed' | 'local';
}

export interface AgentSyncServiceDeps {
  agents: AgentRepository;
  enrolments: EnrolmentRepository;
  versions: ConfigVersionRepository;
  probes: ProbeService;
  discoveries: DiscoveryService;
  audit: AuditRepository;
  cipher: CredentialCipher;
  delivery: AgentDelivery;
  clock: () => Date;
  /** Silent unless given. */
  logger?: Logger;
}

/**
 * The agent's side of the installer workflow: trading a one-time enrolment token for the agent's
 * own token, and the periodic sync that hands out the newest config and waiting camera tests.
 * The sync answer is the one place where camera logins leave the console, to the agent that
 * must open the streams.
 */
export class AgentSyncService {
  /** Same limits as sign-in: an enrolment token is a password that works once. */
  private readonly throttle = new LoginThrottle({ maxFailures: 5, windowMs: 15 * 60_000 });

  private readonly deps: Required<AgentSyncServiceDeps>;

  constructor(deps: AgentSyncServiceDeps) {
    this.deps = { ...deps, logger: deps.logger ?? pino({ level: 'silent' }) };
  }

  /** Agents whose last sync failed on an unreadable login, with the message logged for it. */
  private readonly unreadable = new Map<string, string>();

  async enrol(body: unknown, clientAddress: string): Promise<EnrolResponse> {
    const now = this.deps.clock();
    const wait = this.throttle.retryAfterSeconds(clientAddress, now.getTime());
    if (wait > 0) throw new TooManyAttempts(`too many failed enrolments from this address; try again in ${wait} seconds`, wait);
    const parsed = parseWith(enrolRequest, body);
    if (!parsed.ok) throw new InvalidInput(`the enrolment request is not valid: ${parsed.errors.join('; ')}`, parsed.errors);
    const tokenHash = sha256Hex(parsed.value.enrolmentToken);
    const enrolment = await this.deps.enrolments.find(tokenHash);
    const refuse = (message: string): never => {
      this.throttle.recordFailure(clientAddress, now.getTime());
      throw new NotAuthenticated(message);
    };
    if (!enrolment) return refuse('this enrolment token is not known; create a new one in the console (Agents, new enrolment token)');
    if (enrolment.spent_at !== null) return refuse('this enrolment token was already used or replaced; create a new one in the console');
    if (Date.parse(enrolment.expires_at) <= now.getTime()) return refuse(`this enrolment token expired at ${enrolment.expires_at}; create a new one in the console`);
    const agent = await this.deps.agents.get(enrolment.agent_id);
    if (!agent) return refuse('the agent of this enrolment token no longer exists');
    const token = randomToken('wwa_');
    const redeemed = await this.deps.enrolments.redeem(tokenHash, agent.id, sha256Hex(token), now.toISOString());
    if (redeemed === 'spent') return refuse('this enrolment token was already used; create a new one in the console');
    if (redeemed === 'revoked') return refuse('this agent was revoked after this enrolment token was issued; create a new one in the console');
    this.throttle.recordSuccess(clientAddress);
    await this.deps.audit.append({ at: now.toISOString(), actor: null, action: 'agent_enrolled', ward: agent.ward_id, after: { id: agent.id } });
    return enrolResponse.parse({ agentId: agent.id, ward: agent.ward_id, token });
  }

  authenticate(bearerToken: string | undefined): Promise<AgentTable> {
    return authenticateAgent(this.deps.agents, bearerToken);
  }

  async sync(agent: AgentTable, query: SyncQuery): Promise<SyncResponse> {
    await this.deps.agents.recordSeen(agent.id, this.deps.clock().toISOString(), query.running, query.mode);
    const latest = await this.deps.versions.latest(agent.id);
    const latestVersion = latest?.version ?? 0;
    const config = latest && query.have !== latestVersion ? this.reportingUnreadable(agent.id, () => this.managedConfig(agent, latest)) : undefined;
    const discoveries = await this.deps.discoveries.takeTasks(agent);
    const answer = {
      latestVersion,
      ...(config ? { config } : {}),
      probes: await this.deps.probes.takeTasks(agent),
      // Only when there is one: an agent from before "Find cameras" refuses an answer with the key.
      ...(discoveries.length > 0 ? { discoveries } : {}),
    };
    const checked = syncResponse.safeParse(answer);
    // Our own answer failing the contract is a console bug; the agent would refuse it anyway.
    if (!checked.success) throw new Error(`the sync answer for agent ${agent.id} breaks the contract: ${formatIssues(checked.error).join('; ')}`);
    return checked.data;
  }

  private managedConfig(agent: AgentTable, latest: ConfigVersionTable): ManagedConfigInput {
    const redis = this.deps.delivery.redisUrl ? { redis: { url: this.deps.delivery.redisUrl, ...(this.deps.delivery.queuePrefix ? { prefix: this.deps.delivery.queuePrefix } : {}) } } : {};
    return {
      version: latest.version,
      agent: { id: agent.id, ward: agent.ward_id },
      ...redis,
      cameras: documentOf(latest).cameras.map((entry) => this.withLogins(entry)),
    };
  }

  /**
   * A login sealed under another secret key fails the whole sync with one error naming the camera
   * (the agent shows the console's words); the console logs it when it starts and when it ends,
   * not on every sync.
   */
  private reportingUnreadable<T>(agentId: string, build: () => T): T {
    try {
      const result = build();
      if (this.unreadable.delete(agentId)) this.deps.logger.info({ agentId }, 'agent sync: the stored camera logins can be read again');
      return result;
    } catch (error) {
      if (error instanceof StoredLoginUnreadable && this.unreadable.get(agentId) !== error.message) {
        this.unreadable.set(agentId, error.message);
        this.deps.logger.error({ agentId, cameraId: error.cameraId }, `agent sync refused: ${error.message}`);
      }
      throw error;
    }
  }

  /** The camera as the agent must open it: logins back in the URLs. */
  private withLogins({ camera, credentials }: StoredCamera): CameraConfig {
    const login = (sealed: string | undefined, kind: 'detect' | 'record') => (sealed === undefined ? null : this.openLogin(camera.id, kind, sealed));
    const record = camera.record.url === undefined ? camera.record : { ...camera.record, url: joinCredentials(camera.record.url, login(credentials.record, 'record')) };
    return { ...camera, detect: { ...camera.detect, url: joinCredentials(camera.detect.url, login(credentials.detect, 'detect')) }, record };
  }

  private openLogin(cameraId: string, kind: 'detect' | 'record', sealed: string): string {
    const login = this.deps.cipher.tryOpen(sealed);
    if (login === null) throw new StoredLoginUnreadable(cameraId, kind);
    return login;
  }
}
