import { z } from 'zod';
import { agentHeartbeatV1 } from './agent-heartbeat.js';
import { violationJobV1 } from './violation-job.js';

/** JSON Schema (draft 2020-12) of the contract, for consumers that do not run TypeScript. */
export function contractJsonSchemas(): Record<string, unknown> {
  return {
    ViolationJobV1: z.toJSONSchema(violationJobV1, { io: 'input', unrepresentable: 'any' }),
    AgentHeartbeatV1: z.toJSONSchema(agentHeartbeatV1, { io: 'input', unrepresentable: 'any' }),
  };
}
