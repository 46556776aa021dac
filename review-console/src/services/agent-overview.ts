import { managedVersionLabel } from '@wardwatch/contracts';
import type { AgentOverview } from '../api/site-api-types.js';
import type { AgentTable, ConfigVersionTable } from '../db/tables.js';
import { parseSiteDocument } from '../domain/site-document.js';

/**
 * Seen, something is managed, and the agent does not run the newest version. A local file that
 * wins over the console reports its content hash, so it reads as lagging too (on purpose: the
 * console's cameras are not what runs).
 */
export function isLagging(runningVersion: string | null, latestVersion: number): boolean {
  return runningVersion !== null && latestVersion > 0 && runningVersion !== managedVersionLabel(latestVersion);
}

export function toAgentOverview(row: AgentTable, latest: ConfigVersionTable | undefined, enrolmentPending: boolean): AgentOverview {
  const latestVersion = latest?.version ?? 0;
  return {
    id: row.id,
    ward: row.ward_id,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    enrolledAt: row.enrolled_at,
    enrolmentPending,
    latestVersion,
    runningVersion: row.running_config_version,
    configMode: row.config_mode === 'managed' || row.config_mode === 'local' ? row.config_mode : null,
    lagging: isLagging(row.running_config_version, latestVersion),
    lastSeenAt: row.last_seen_at,
    cameraCount: latest ? parseSiteDocument(latest.document).cameras.length : 0,
  };
}
