import { readFile } from 'node:fs/promises';
import { formatIssues } from '@wardwatch/contracts';
import { parseDocument } from 'yaml';
import { agentConfigSchema, localSettingsSchema, type AgentConfig, type LocalSettings } from './agent-config.schema.js';

/** A config that cannot be used; `problems` lists every one, each naming its key. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigEnv {
  REDIS_URL?: string | undefined;
  WARDWATCH_AGENT_TOKEN?: string | undefined;
  WARDWATCH_CONSOLE_URL?: string | undefined;
}

/** Parses and validates YAML text; throws ConfigError with every problem found. */
export function parseAgentConfig(text: string, source: string, env: ConfigEnv = {}): AgentConfig {
  const raw = parseYaml(text, source, env);
  const result = agentConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, formatIssues(result.error));
  return result.data;
}

/**
 * A local file is one of two kinds: with a `cameras` list it is the whole config (an offline
 * site, or one set up by hand), and it wins over any console; without one it holds only the
 * agent's own settings beside a console that manages the cameras.
 */
export type AgentFile = { kind: 'cameras'; config: AgentConfig } | { kind: 'settings'; settings: LocalSettings };

export function parseAgentFile(text: string, source: string, env: ConfigEnv = {}): AgentFile {
  const raw = parseYaml(text, source, env);
  if (raw !== null && typeof raw === 'object' && 'cameras' in raw) return { kind: 'cameras', config: parseAgentConfig(text, source, env) };
  const result = localSettingsSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(source, formatIssues(result.error));
  return { kind: 'settings', settings: result.data };
}

export async function loadAgentFile(path: string, env: ConfigEnv = process.env): Promise<AgentFile> {
  return parseAgentFile(await readConfigText(path), path, env);
}

function parseYaml(text: string, source: string, env: ConfigEnv): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((error) => {
        const line = error.linePos?.[0];
        return `${line ? `line ${line.line}, column ${line.col}` : 'YAML'}: ${error.message.split('\n')[0] ?? error.code}`;
      }),
    );
  }
  return applyEnv(doc.toJS(), env);
}

async function readConfigText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(path, [code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`]);
  }
}

export async function loadAgentConfig(path: string, env: ConfigEnv = process.env): Promise<AgentConfig> {
  return parseAgentConfig(await readConfigText(path), path, env);
}

/** Environment wins for secrets and endpoints so that they can stay out of the YAML file. */
function applyEnv(raw: unknown, env: ConfigEnv): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const config = { ...(raw as Record<string, unknown>) };
  if (env.REDIS_URL) config.redis = { ...asObject(config.redis), url: env.REDIS_URL };
  if (env.WARDWATCH_CONSOLE_URL) config.console = { ...asObject(config.console), url: env.WARDWATCH_CONSOLE_URL };
  if (env.WARDWATCH_AGENT_TOKEN && config.console !== undefined) {
    config.console = { ...asObject(config.console), token: env.WARDWATCH_AGENT_TOKEN };
  }
  return config;
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
