import type { Agent, CreateAgentResponse } from '../api/api-types.js';
import { randomToken, sha256Hex } from '../auth/tokens.js';
import { InvalidInput, NotFound } from '../domain/errors.js';
import type { AgentTable } from '../db/tables.js';
import type { AgentRepository } from '../repositories/agent.repository.js';
import type { AuditRepository } from '../repositories/audit.repository.js';
import type { WardRepository } from '../repositories/ward.repository.js';
import type { Actor } from './actor.js';

function toAgent(row: AgentTable): Agent {
  return { id: row.id, ward: row.ward_id, createdAt: row.created_at, revokedAt: row.revoked_at };
}

/** Agent registrations. The token is returned once; only its hash is kept. */
export class AgentService {
  constructor(
    private readonly agents: AgentRepository,
    private readonly wards: WardRepository,
    private readonly audit: AuditRepository,
    private readonly clock: () => Date,
  ) {}

  async list(): Promise<Agent[]> {
    return (await this.agents.list()).map(toAgent);
  }

  /** Registers the agent, or issues a fresh token for an existing one (the old token stops working). */
  async add(actor: Actor | null, id: string, ward: string): Promise<CreateAgentResponse> {
    if (!(await this.wards.getWard(ward))) throw new InvalidInput(`unknown ward: ${ward} (add it first with "review-console wards add")`);
    const token = randomToken('wwa_');
    const now = this.clock().toISOString();
    const existing = await this.agents.get(id);
    if (existing) await this.agents.replaceToken(id, ward, sha256Hex(token));
    else await this.agents.insert({ id, ward_id: ward, token_hash: sha256Hex(token), created_at: now, revoked_at: null });
    await this.audit.append({ at: now, actor, action: 'agent_created', ward, after: { id, ward, newToken: existing !== undefined } });
    const row = await this.agents.get(id);
    if (!row) throw new Error('agent vanished after insert');
    return { agent: toAgent(row), token };
  }

  async revoke(actor: Actor | null, id: string): Promise<Agent> {
    const row = await this.agents.get(id);
    if (!row) throw new NotFound('no such agent');
    const now = this.clock().toISOString();
    await this.agents.revoke(id, now);
    await this.audit.append({ at: now, actor, action: 'agent_revoked', ward: row.ward_id, after: { id } });
    return toAgent({ ...row, revoked_at: now });
  }
}
