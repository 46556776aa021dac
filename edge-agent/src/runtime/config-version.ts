import { createHash } from 'node:crypto';
import { canonicalJson } from '@wardwatch/contracts';
import type { AgentConfig } from '../config/agent-config.schema.js';

/**
 * A short content hash of the config the agent runs with, shown in /status and sent in every
 * heartbeat, so the console can tell which agents picked up an edit. 12 hex digits (48 bits) is
 * plenty to tell versions of one agent's file apart, and short enough to read on a dashboard.
 * A one-way hash of the whole config: a token inside it cannot be read back.
 */
export function configVersion(config: AgentConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 12);
}
