import type { Agent, CreateAgentResponse, WardRef } from '../api/api-types.js';
import type { AgentEnrolment, AgentOverview } from '../api/site-api-types.js';
import { randomToken, sha256Hex } from '../auth/tokens.js';
import { Conflict, InvalidInput, NotFound } from '../domain/errors.js';
import type { AgentTable } from '../db/tables.js';
import type { AgentRepository } from '../repositories/agent.repository.js';
import type { AuditRepository } from '../repositories/audit.repository.js';
import type { ConfigVersionRepository } from '../repositories/config-version.repository.js';
import type { EnrolmentRepository } from '../repositories/enrolment.repository.js';
import type { WardRepository } from '../repositories/ward.repository.js';
import type { Actor } from './actor.js';
import { toAgentOverview } from './agent-overview.js';

/** An enrolment token is typed or pasted on the agent's box the same day; after that it is a liability. */
export const ENROLMENT_TTL_MS = 24 * 3_600_000;

function toAgent(row: AgentTable): Agent {
  return { id: row.id, ward: row.ward_id, createdAt: row.created_at, revokedAt: row.revoked_at };
}

export interface AgentServiceDeps {
  agents: AgentRepository;
  enrolments: EnrolmentRepository;
  versions: ConfigVersionRepository;
  wards: WardRepository;
  audit: AuditRepository;
  clock: () => Date;
}

/**
 * Agent registrations. Two ways in: `review-console agents add` prints a long-lived token for an
 * agent configured by a YAML file (offline sites, the demo); the console's installer screens
 * create the agent with a one-time enrolment token that the agent trades for its own token.
 * Tokens are shown once; only their sha256 is kept.
 */
export class AgentService {
  constructor(private readonly deps: AgentServiceDeps) {}

  async list(): Promise<AgentOverview[]> {
    const [rows, latest, pending] = await Promise.all([this.deps.agents.list(), this.deps.versions.latestOfEach(), this.deps.enrolments.agentsWithPendingTokens(this.deps.clock().toISOString())]);
    const latestByAgent = new Map(latest.map((v) => [v.agent_id, v]));
    return rows.map((row) => toAgentOverview(row, latestByAgent.get(row.id), pending.has(row.id)));
  }

  async overview(id: string): Promise<AgentOverview> {
    const row = await this.deps.agents.get(id);
    if (!row) throw new NotFound('no such agent');
    const pending = await this.deps.enrolments.agentsWithPendingTokens(this.deps.clock().toISOString());
    return toAgentOverview(row, await this.deps.versions.latest(id), pending.has(id));
  }

  async wardChoices(): Promise<WardRef[]> {
    return (await this.deps.wards.listWards()).map((w) => ({ id: w.id, name: w.name, districtId: w.district_id }));
  }

  /** Registers the agent, or issues a fresh token for an existing one (the old token stops working). */
  async add(actor: Actor | null, id: string, ward: string): Promise<CreateAgentResponse> {
    await this.assertWard(ward);
    const token = randomToken('wwa_');
    const now = this.deps.clock().toISOString();
    const existing = await this.deps.agents.get(id);
    if (existing) await this.deps.agents.replaceToken(id, ward, sha256Hex(token));
    else await this.deps.agents.insert(newAgentRow(id, ward, sha256Hex(token), now));
    await this.deps.audit.append({ at: now, actor, action: 'agent_created', ward, after: { id, ward, newToken: existing !== undefined } });
    const row = await this.deps.agents.get(id);
    if (!row) throw new Error('agent vanished after insert');
    return { agent: toAgent(row), token };
  }

  /** A new agent that has no usable token yet: it enrols with the one-time token returned here. */
  async create(actor: Actor | null, id: string, ward: string): Promise<AgentEnrolment> {
    await this.assertWard(ward);
    if (await this.deps.agents.get(id)) throw new Conflict(`an agent with the id ${id} exists; issue it a new enrolment token instead`);
    const now = this.deps.clock().toISOString();
    // The digest of a random value nobody was given: the agent cannot authenticate until it enrols.
    await this.deps.agents.insert(newAgentRow(id, ward, sha256Hex(randomToken()), now));
    await this.deps.audit.append({ at: now, actor, action: 'agent_created', ward, after: { id, ward, enrolment: true } });
    return this.issueEnrolment(actor, id);
  }

  /** A fresh one-time token (older unspent ones stop working); the agent's current token keeps working until it enrols. */
  async issueEnrolment(actor: Actor | null, id: string): Promise<AgentEnrolment> {
    const row = await this.deps.agents.get(id);
    if (!row) throw new NotFound('no such agent');
    const token = randomToken('wwe_');
    const now = this.deps.clock();
    const expiresAt = new Date(now.getTime() + ENROLMENT_TTL_MS).toISOString();
    await this.deps.enrolments.issue({ token_hash: sha256Hex(token), agent_id: id, created_at: now.toISOString(), expires_at: expiresAt, spent_at: null });
    await this.deps.audit.append({ at: now.toISOString(), actor, action: 'agent_enrolment_issued', ward: row.ward_id, after: { id, expiresAt } });
    return { agent: await this.overview(id), enrolmentToken: token, expiresAt };
  }

  async revoke(actor: Actor | null, id: string): Promise<AgentOverview> {
    const row = await this.deps.agents.get(id);
    if (!row) throw new NotFound('no such agent');
    const now = this.deps.clock().toISOString();
    // One transaction: an enrolment redeemed between the two would bring the agent back.
    await this.deps.agents.revoke(id, now);
    await this.deps.audit.append({ at: now, actor, action: 'agent_revoked', ward: row.ward_id, after: { id } });
    return this.overview(id);
  }

  private async assertWard(ward: string): Promise<void> {
    if (!(await this.deps.wards.getWard(ward))) throw new InvalidInput(`unknown ward: ${ward} (add it first with "review-console wards add")`);
  }
}

function newAgentRow(id: string, ward: string, tokenHash: string, createdAt: string): AgentTable {
  return { id, ward_id: ward, token_hash: tokenHash, created_at: createdAt, revoked_at: null, enrolled_at: null, running_config_version: null, config_mode: null, last_seen_at: null, running_reported_at: null };
}
