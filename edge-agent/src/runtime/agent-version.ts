import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.js';

let cached: string | undefined;

/** The edge-agent package version, sent with every violation and heartbeat. */
export function agentVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(repoRoot(), 'edge-agent', 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
