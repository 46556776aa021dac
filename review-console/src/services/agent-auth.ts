import { sha256Hex } from '../auth/tokens.js';
import type { AgentTable } from '../db/tables.js';
import { NotAuthenticated } from '../domain/errors.js';
import type { AgentRepository } from '../repositories/agent.repository.js';

/** The agent behind `Authorization: Bearer <token>`; revoked agents and unknown tokens are refused alike. */
export async function authenticateAgent(agents: AgentRepository, bearerToken: string | undefined): Promise<AgentTable> {
  if (!bearerToken || bearerToken.length > 200) throw new NotAuthenticated('an agent token is required');
  const agent = await agents.findActiveByTokenHash(sha256Hex(bearerToken));
  if (!agent) throw new NotAuthenticated('this agent token is not valid');
  return agent;
}
