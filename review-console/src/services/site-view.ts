import type { CameraView, SiteView } from '../api/site-api-types.js';
import type { AgentTable, ConfigVersionTable } from '../db/tables.js';
import { EMPTY_SITE, parseSiteDocument, type SiteDocument, type StoredCamera } from '../domain/site-document.js';

/** What a browser may see of a stored camera: URLs are stored without their login already; the login is only "set or not". */
export function toCameraView(entry: StoredCamera): CameraView {
  return { camera: entry.camera, credentials: { detect: entry.credentials.detect !== undefined, record: entry.credentials.record !== undefined } };
}

export function documentOf(row: ConfigVersionTable | undefined): SiteDocument {
  return row ? parseSiteDocument(row.document) : EMPTY_SITE;
}

export function toSiteView(agent: AgentTable, latest: ConfigVersionTable | undefined): SiteView {
  return {
    agentId: agent.id,
    ward: agent.ward_id,
    version: latest?.version ?? 0,
    updatedAt: latest?.created_at ?? null,
    updatedBy: latest?.created_by ?? null,
    cameras: documentOf(latest).cameras.map(toCameraView),
  };
}
