import { formatIssues, type SplitUrl } from '@wardwatch/contracts';
import { cameraSchema, type CameraConfig } from '@wardwatch/contracts/site-config';
import type { SaveCameraRequest, SiteChange, SiteView } from '../api/site-api-types.js';
import type { AgentTable, ConfigVersionTable } from '../db/tables.js';
import { Conflict, InvalidInput, NotFound, unreadableLogin } from '../domain/errors.js';
import { diffSites, summarizeChanges } from '../domain/site-diff.js';
import type { SiteDocument, StoredCamera } from '../domain/site-document.js';
import { originOf, splitForStorage } from '../domain/stream-credentials.js';
import type { AgentRepository } from '../repositories/agent.repository.js';
import type { ConfigVersionRepository } from '../repositories/config-version.repository.js';
import type { CredentialCipher } from '../secrets/credential-cipher.js';
import type { Actor } from './actor.js';
import { documentOf, toSiteView } from './site-view.js';

/** The contract's limit on one agent's cameras. */
const MAX_CAMERAS = 256;

interface Edit {
  actor: Actor;
  agent: AgentTable;
  latest: ConfigVersionTable | undefined;
  baseVersion: number;
  document: SiteDocument;
  note: string | null;
  rolledBackFrom: number | null;
}

/**
 * An agent's cameras and zones as the console manages them. Every save stores the whole camera
 * list as a new version (who, when, what changed), starting from the version the installer saw:
 * a newer one saved meanwhile is a conflict, never a silent overwrite. Camera logins are split
 * off the URLs and sealed before anything is stored.
 */
export class SiteService {
  constructor(
    private readonly agents: AgentRepository,
    private readonly versions: ConfigVersionRepository,
    private readonly cipher: CredentialCipher,
    private readonly clock: () => Date,
  ) {}

  async view(agentId: string): Promise<SiteView> {
    const agent = await this.agent(agentId);
    return toSiteView(agent, await this.versions.latest(agentId));
  }

  async saveCamera(actor: Actor, agentId: string, cameraId: string, request: SaveCameraRequest): Promise<SiteChange> {
    const parsed = cameraSchema.safeParse(request.camera);
    if (!parsed.success) {
      const details = formatIssues(parsed.error);
      throw new InvalidInput(`the camera was refused: ${details.join('; ')}`, details);
    }
    const camera = parsed.data;
    if (camera.id !== cameraId) throw new InvalidInput(`the camera's id (${camera.id}) must be the one in the address (${cameraId})`, [`id: must be ${cameraId}`]);
    const agent = await this.agent(agentId);
    const latest = await this.versions.latest(agentId);
    const current = documentOf(latest);
    const previous = current.cameras.find((c) => c.camera.id === cameraId);
    const entry = this.sealCamera(camera, previous, request.clearCredentials ?? {});
    const cameras = previous ? current.cameras.map((c) => (c.camera.id === cameraId ? entry : c)) : [...current.cameras, entry];
    if (cameras.length > MAX_CAMERAS) throw new InvalidInput(`an agent runs at most ${MAX_CAMERAS} cameras`);
    return this.commit({ actor, agent, latest, baseVersion: request.baseVersion, document: { cameras }, note: request.note ?? null, rolledBackFrom: null });
  }

  async deleteCamera(actor: Actor, agentId: string, cameraId: string, baseVersion: number): Promise<SiteChange> {
    const agent = await this.agent(agentId);
    const latest = await this.versions.latest(agentId);
    const current = documentOf(latest);
    if (!current.cameras.some((c) => c.camera.id === cameraId)) throw new NotFound(`no camera ${cameraId} in version ${latest?.version ?? 0}`);
    const cameras = current.cameras.filter((c) => c.camera.id !== cameraId);
    return this.commit({ actor, agent, latest, baseVersion, document: { cameras }, note: null, rolledBackFrom: null });
  }

  /** A new version whose content is that of `version` (logins included). */
  async rollback(actor: Actor, agentId: string, version: number, baseVersion: number): Promise<SiteChange> {
    const agent = await this.agent(agentId);
    const target = await this.versions.get(agentId, version);
    if (!target) throw new NotFound(`agent ${agentId} has no version ${version}`);
    const latest = await this.versions.latest(agentId);
    return this.commit({ actor, agent, latest, baseVersion, document: documentOf(target), note: null, rolledBackFrom: version });
  }

  private async commit(edit: Edit): Promise<SiteChange> {
    const { agent, latest } = edit;
    const latestVersion = latest?.version ?? 0;
    if (edit.baseVersion !== latestVersion) throw staleEdit(edit.baseVersion, latest);
    const diff = diffSites(documentOf(latest), edit.document);
    // Nothing changed: no new version, so agents are not told to reload for nothing.
    if (latest && diff.length === 0) return { version: latestVersion, site: toSiteView(agent, latest) };
    const changes = summarizeChanges(diff);
    const row: ConfigVersionTable = {
      agent_id: agent.id,
      version: latestVersion + 1,
      document: JSON.stringify(edit.document),
      created_by: edit.actor.username,
      created_at: this.clock().toISOString(),
      note: edit.note,
      rolled_back_from: edit.rolledBackFrom,
      changes: JSON.stringify(changes),
    };
    const audit = { at: row.created_at, actor: edit.actor, action: 'site_changed' as const, ward: agent.ward_id, after: { agentId: agent.id, version: row.version, rolledBackFrom: row.rolled_back_from, note: row.note, changes } };
    if ((await this.versions.insert(row, audit)) === 'taken') throw staleEdit(edit.baseVersion, await this.versions.latest(agent.id));
    return { version: row.version, site: toSiteView(agent, row) };
  }

  /**
   * The URLs without their login; a login is sealed, kept from the stored camera when the URL has
   * none and still points at the same scheme, host and port, or cleared on request.
   */
  private sealCamera(camera: CameraConfig, previous: StoredCamera | undefined, clear: { detect?: boolean; record?: boolean }): StoredCamera {
    const detect = splitForStorage(camera.detect.url, 'detect.url');
    const record = camera.record.url === undefined ? undefined : splitForStorage(camera.record.url, 'record.url');
    const credentials: StoredCamera['credentials'] = {};
    const detectLogin = this.login(camera.id, 'detect', detect, previous?.camera.detect.url, previous?.credentials.detect, clear.detect === true);
    if (detectLogin !== undefined) credentials.detect = detectLogin;
    const recordLogin = record ? this.login(camera.id, 'record', record, previous?.camera.record.url, previous?.credentials.record, clear.record === true) : undefined;
    if (recordLogin !== undefined) credentials.record = recordLogin;
    return {
      camera: { ...camera, detect: { ...camera.detect, url: detect.url }, record: { ...camera.record, ...(record ? { url: record.url } : {}) } },
      credentials,
    };
  }

  private login(cameraId: string, kind: 'detect' | 'record', typed: SplitUrl, storedUrl: string | undefined, stored: string | undefined, clear: boolean): string | undefined {
    if (typed.userinfo !== null) {
      // The same login again keeps its sealed form, so a re-save is not a "login changed".
      return stored !== undefined && this.sameLogin(stored, typed.userinfo) ? stored : this.cipher.seal(typed.userinfo);
    }
    if (clear || stored === undefined) return undefined;
    const line = (why: string) => `${kind}.url: ${why}`;
    if (storedUrl === undefined || originOf(storedUrl) !== originOf(typed.url)) {
      const why = `the address changed: type the login again or clear it (the stored login is only kept for the same host and port)`;
      throw new InvalidInput(`camera ${cameraId}: ${line(why)}`, [line(why)]);
    }
    if (this.cipher.tryOpen(stored) === null) throw unreadableLogin(cameraId, kind);
    return stored;
  }

  /**
   * The one decryption outside the agent's answers: in memory, to tell a re-typed login from a new
   * one. An unreadable stored login (the secret key was replaced) is not the same: the typed one
   * takes its place.
   */
  private sameLogin(stored: string, userinfo: string): boolean {
    return this.cipher.tryOpen(stored) === userinfo;
  }

  private async agent(agentId: string): Promise<AgentTable> {
    const agent = await this.agents.get(agentId);
    if (!agent) throw new NotFound('no such agent');
    return agent;
  }
}

function staleEdit(baseVersion: number, latest: ConfigVersionTable | undefined): Conflict {
  if (!latest) return new Conflict(`version ${baseVersion} does not exist yet; reload the site and apply your change again`);
  return new Conflict(
    `version ${latest.version} was saved by ${latest.created_by} at ${latest.created_at}, after the version you started from (${baseVersion}); reload to see it, then apply your change again`,
  );
}
