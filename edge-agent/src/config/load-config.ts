import { readFile } from 'node:fs/promises';
import { formatIssues } from '@wardwatch/contracts';
import { parseDocument } from 'yaml';
import { agentConfigSchema, type AgentConfig } from './agent-config.schema.js';

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
  const raw: unknown = applyEnv(doc.toJS(), env);
  const result = agentConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, formatIssues(result.error));
  return result.data;
}

export async function loadAgentConfig(path: string, env: ConfigEnv = process.env): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(path, [code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`]);
  }
  return parseAgentConfig(text, path, env);
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
