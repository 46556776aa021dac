import { formatIssues, managedConfig, syncResponse, type ManagedConfig, type DiscoveryTask, type ParseResult, type ProbeTask } from '@wardwatch/contracts';
import { z } from 'zod';

/**
 * A sync answer is checked in two steps, so that a managed config with a mistake in one zone
 * does not also lose the probe requests that came with it: first the envelope (the contract's
 * `syncResponse` with the config left unchecked), then the config on its own, each of its
 * problems named by path (`config.cameras[0].zones[1].polygon: ...`).
 */
const envelope = syncResponse.extend({ config: z.unknown().optional() });

export interface SyncAnswer {
  latestVersion: number;
  probes: ProbeTask[];
  /** "Find cameras" searches; none when the console sent none. */
  discoveries: DiscoveryTask[];
  /** Present when the console sent a config; not yet checked. */
  config?: unknown;
}

export function parseSyncAnswer(body: unknown): ParseResult<SyncAnswer> {
  const result = envelope.safeParse(body);
  if (!result.success) return { ok: false, errors: formatIssues(result.error) };
  const { latestVersion, probes, discoveries, config } = result.data;
  return { ok: true, value: { latestVersion, probes, discoveries: discoveries ?? [], ...(config === undefined ? {} : { config }) } };
}

export function parseManagedConfig(config: unknown): ParseResult<ManagedConfig> {
  const result = managedConfig.safeParse(config);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: formatIssues(result.error).map((line) => (line.startsWith('(root)') ? `config${line.slice('(root)'.length)}` : `config.${line}`)) };
}

/** The version a config claims, even when the rest of it is unusable (for logs). */
export function claimedVersion(config: unknown): number | undefined {
  const version = (config as { version?: unknown } | null)?.version;
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : undefined;
}
