import { join } from 'node:path';
import { managedConfig, type ManagedConfig } from '@wardwatch/contracts';
import { readJsonIfExists, writePrivateJson } from './private-file.js';

/**
 * The last managed config the agent applied, so that it starts with its cameras when the
 * console is down at boot. Mode 0600: camera URLs in it carry their passwords.
 */
export function managedConfigPath(dataDir: string): string {
  return join(dataDir, 'managed-config.json');
}

export type CachedConfig = { ok: true; config: ManagedConfig | undefined } | { ok: false; problem: string };

/** The cached config; `ok: false` when the file exists but cannot be used (it is then ignored). */
export async function readCachedConfig(dataDir: string, agentId: string): Promise<CachedConfig> {
  const path = managedConfigPath(dataDir);
  let raw: unknown;
  try {
    raw = await readJsonIfExists(path);
  } catch (error) {
    return { ok: false, problem: `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  if (raw === undefined) return { ok: true, config: undefined };
  const parsed = managedConfig.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: `${path}: not a valid managed config` };
  // A new enrolment as another agent must not start with the previous agent's cameras.
  if (parsed.data.agent.id !== agentId) return { ok: false, problem: `${path}: belongs to agent ${parsed.data.agent.id}, not ${agentId}` };
  return { ok: true, config: parsed.data };
}

export async function cacheConfig(dataDir: string, config: ManagedConfig): Promise<void> {
  await writePrivateJson(managedConfigPath(dataDir), config);
}
