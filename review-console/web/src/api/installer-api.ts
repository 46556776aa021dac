import type { HttpClient } from './http-client.js';
import type {
  AgentEnrolment, AgentOverview, DiscoveryRequest, DiscoveryView, ProbeRequest, ProbeView, SaveCameraRequest, SiteChange, SiteView, VersionDetail, VersionPage, WardRef,
} from './types.js';

const agentPath = (agentId: string) => `/api/agents/${encodeURIComponent(agentId)}`;

/**
 * The installer's calls: agents, their cameras and zones, config versions, camera probes and searches
 * (routes in src/api/site-api-types.ts). No answer ever carries a camera password.
 */
export class InstallerApi {
  constructor(private readonly http: HttpClient) {}

  async agents(): Promise<AgentOverview[]> {
    return (await this.http.get<{ items: AgentOverview[] }>('/api/agents')).items;
  }

  async agentWards(): Promise<WardRef[]> {
    return (await this.http.get<{ items: WardRef[] }>('/api/agents/wards')).items;
  }

  createAgent(id: string, ward: string): Promise<AgentEnrolment> {
    return this.http.post<AgentEnrolment>('/api/agents', { id, ward });
  }

  /** A fresh one-time enrolment token for an agent that exists (a new box, a lost token). */
  newEnrolment(agentId: string): Promise<AgentEnrolment> {
    return this.http.post<AgentEnrolment>(`${agentPath(agentId)}/enrolment`);
  }

  site(agentId: string): Promise<SiteView> {
    return this.http.get<SiteView>(`${agentPath(agentId)}/site`);
  }

  saveCamera(agentId: string, cameraId: string, request: SaveCameraRequest): Promise<SiteChange> {
    return this.http.put<SiteChange>(`${agentPath(agentId)}/cameras/${encodeURIComponent(cameraId)}`, request);
  }

  deleteCamera(agentId: string, cameraId: string, baseVersion: number): Promise<SiteChange> {
    return this.http.delete<SiteChange>(`${agentPath(agentId)}/cameras/${encodeURIComponent(cameraId)}`, { baseVersion });
  }

  /** Newest first, one page; `before`: the previous page's `nextBefore`, for the older ones. */
  versions(agentId: string, before?: number): Promise<VersionPage> {
    return this.http.get<VersionPage>(`${agentPath(agentId)}/versions${before === undefined ? '' : `?before=${before}`}`);
  }

  version(agentId: string, version: number): Promise<VersionDetail> {
    return this.http.get<VersionDetail>(`${agentPath(agentId)}/versions/${version}`);
  }

  rollback(agentId: string, version: number, baseVersion: number): Promise<SiteChange> {
    return this.http.post<SiteChange>(`${agentPath(agentId)}/versions/${version}/rollback`, { baseVersion });
  }

  async startProbe(agentId: string, request: ProbeRequest): Promise<string> {
    return (await this.http.post<{ probeId: string }>(`${agentPath(agentId)}/probes`, request)).probeId;
  }

  probe(agentId: string, probeId: string): Promise<ProbeView> {
    return this.http.get<ProbeView>(`${agentPath(agentId)}/probes/${encodeURIComponent(probeId)}`);
  }

  async startDiscovery(agentId: string, request: DiscoveryRequest): Promise<string> {
    return (await this.http.post<{ discoveryId: string }>(`${agentPath(agentId)}/discoveries`, request)).discoveryId;
  }

  discovery(agentId: string, discoveryId: string): Promise<DiscoveryView> {
    return this.http.get<DiscoveryView>(`${agentPath(agentId)}/discoveries/${encodeURIComponent(discoveryId)}`);
  }
}
