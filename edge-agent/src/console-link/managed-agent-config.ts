import { formatIssues, type ManagedConfig, type ParseResult } from '@wardwatch/contracts';
import { managedAgentConfigSchema, type AgentConfig, type CameraConfig, type LocalSettings } from '../config/agent-config.schema.js';
import { consoleFileInputProblem } from './file-inputs.js';

/** Who the agent is, before any config: from its enrolment (or its local file). */
export interface ManagedIdentity {
  agentId: string;
  ward: string;
}

export interface ConsoleLink {
  url: string;
  token: string;
  syncSeconds: number;
}

export interface ManagedInputs {
  /** The local file's settings (HTTP endpoint, data dir, model, detector, evidence, outbox). */
  settings: LocalSettings;
  identity: ManagedIdentity;
  console: ConsoleLink;
  /** The console's config; undefined before the first one (the agent runs no camera yet). */
  managed: ManagedConfig | undefined;
  env: { REDIS_URL?: string | undefined };
}

/**
 * The AgentConfig a managed agent runs: its own settings from the local file, identity, time
 * zone, Redis and cameras from the console (REDIS_URL, when set, wins over the console's Redis,
 * like it wins over a file), and the console link itself. Checked with the agent's own schema
 * (zero cameras allowed), so a console config the agent cannot run is refused with every
 * problem named, exactly as a bad local file would be.
 */
export function buildManagedAgentConfig(inputs: ManagedInputs): ParseResult<AgentConfig> {
  const { settings, identity, managed, env } = inputs;
  const problems: string[] = [];
  if (managed && managed.agent.id !== identity.agentId) {
    problems.push(`config.agent.id: the console sent the config of agent "${managed.agent.id}", but this agent is "${identity.agentId}"`);
  }
  const { id: _id, ward: _ward, ...local } = settings.agent;
  const redisUrl = env.REDIS_URL || managed?.redis?.url;
  const raw = {
    agent: {
      ...local,
      id: identity.agentId,
      ward: managed?.agent.ward ?? identity.ward,
      timezone: managed?.agent.timezone ?? settings.agent.timezone,
    },
    console: { url: inputs.console.url, token: inputs.console.token, syncSeconds: inputs.console.syncSeconds, fileInputs: settings.console?.fileInputs ?? [] },
    ...(redisUrl ? { redis: { url: redisUrl, ...(managed?.redis?.prefix ? { prefix: managed.redis.prefix } : {}) } } : {}),
    model: settings.model,
    detector: settings.detector,
    evidence: settings.evidence,
    outbox: settings.outbox,
    cameras: managed?.cameras ?? [],
  };
  const result = managedAgentConfigSchema.safeParse(raw);
  if (!result.success) problems.push(...formatIssues(result.error));
  else problems.push(...fileInputProblems(result.data.cameras, settings.console?.fileInputs ?? []));
  if (problems.length > 0 || !result.success) return { ok: false, errors: problems };
  return { ok: true, value: result.data };
}

/** The console's cameras that would read files on this agent outside the folders opened to it. */
function fileInputProblems(cameras: readonly CameraConfig[], allowed: readonly string[]): string[] {
  return cameras.flatMap((camera, i) =>
    (['detect', 'record'] as const).flatMap((part) => {
      const url = camera[part]?.url;
      const problem = url === undefined ? undefined : consoleFileInputProblem(url, allowed);
      return problem ? [`cameras[${i}].${part}.url: ${problem}`] : [];
    }),
  );
}
