import type { AgentOverview } from '../api/types.js';

/**
 * An agent syncs every few seconds and sends a heartbeat every 30 s or so; a minute of silence
 * means it is off, unplugged or cut from the network, not merely between two calls.
 */
export const ONLINE_WITHIN_MS = 60_000;

export type Presence = 'online' | 'offline' | 'never' | 'revoked';

export function presenceOf(agent: AgentOverview, now: number): Presence {
  if (agent.revokedAt) return 'revoked';
  if (!agent.lastSeenAt) return 'never';
  return now - Date.parse(agent.lastSeenAt) <= ONLINE_WITHIN_MS ? 'online' : 'offline';
}

/**
 * What the agent runs against what the console holds: `managed` when it runs a console version
 * (`v3`), `local` when a local YAML file wins (its content hash), `unknown` when never seen.
 */
export type RunningConfig = { kind: 'unknown' } | { kind: 'managed'; version: number } | { kind: 'local'; label: string };

export function runningConfigOf(agent: Pick<AgentOverview, 'runningVersion' | 'configMode'>): RunningConfig {
  const label = agent.runningVersion;
  if (label === null) return { kind: 'unknown' };
  const managed = /^v([1-9]\d*)$/.exec(label);
  if (managed) return { kind: 'managed', version: Number(managed[1]) };
  // A managed agent with no version yet runs its start-up config (a hash too): only an agent
  // that says it runs its own file, or an older one that cannot say, counts as local.
  return agent.configMode === 'managed' ? { kind: 'unknown' } : { kind: 'local', label };
}
