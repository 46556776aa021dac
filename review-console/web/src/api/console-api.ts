import type { BulkDecisionRequest, BulkDecisionResult, CameraStatus, DashboardResponse, DecisionRequest, ListStatus, Me, SummaryGroupBy, SummaryResponse, ViolationDetail, ViolationPage } from './types.js';
import type { RuleType } from './types.js';
import { HttpClient, withQuery } from './http-client.js';
import { InstallerApi } from './installer-api.js';
import { AdminApi } from '../admin/admin-api.js';

export interface CaseFilter {
  ward?: string;
  camera?: string;
  rule?: RuleType;
  /** UTC ISO instants, already converted from the officer's local dates. */
  from?: string;
  to?: string;
}

export interface ListParams extends CaseFilter {
  /** `decided` = confirmed and dismissed together. */
  status?: ListStatus;
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
}

/** The dashboard's period (required) and narrowing. */
export type FiguresFilter = Required<Pick<CaseFilter, 'from' | 'to'>> & Pick<CaseFilter, 'ward' | 'camera' | 'rule'>;

/** Typed calls to the console's API; one instance per page load, shared through context. */
export class ConsoleApi {
  readonly http = new HttpClient();
  /** Agents, cameras, zones, config versions and probes (installers and admins). */
  readonly installer = new InstallerApi(this.http);

  async me(): Promise<Me> {
    const me = await this.http.get<Me>('/api/auth/me');
    this.http.setCsrfToken(me.csrfToken);
    return me;
  }

  async login(username: string, password: string): Promise<Me> {
    const me = await this.http.post<Me>('/api/auth/login', { username, password }, { signingIn: true });
    this.http.setCsrfToken(me.csrfToken);
    return me;
  }

  async logout(): Promise<void> {
    try {
      await this.http.post<undefined>('/api/auth/logout');
    } finally {
      this.http.setCsrfToken(null);
    }
  }

  listViolations(params: ListParams): Promise<ViolationPage> {
    return this.http.get<ViolationPage>('/api/violations', { ...params });
  }

  violation(id: string): Promise<ViolationDetail> {
    return this.http.get<ViolationDetail>(`/api/violations/${encodeURIComponent(id)}`);
  }

  decide(id: string, request: DecisionRequest): Promise<ViolationDetail> {
    return this.http.post<ViolationDetail>(`/api/violations/${encodeURIComponent(id)}/decision`, request);
  }

  /** Dismisses a group of pending cases at once (supervisors and admins). */
  decideMany(request: BulkDecisionRequest): Promise<BulkDecisionResult> {
    return this.http.post<BulkDecisionResult>('/api/violations/bulk-decision', request);
  }

  reopen(id: string, reason: string): Promise<ViolationDetail> {
    return this.http.post<ViolationDetail>(`/api/violations/${encodeURIComponent(id)}/reopen`, { reason });
  }

  async cameras(): Promise<CameraStatus[]> {
    return (await this.http.get<{ items: CameraStatus[] }>('/api/cameras')).items;
  }

  /** Figures per rule (`pending` among them) for cases triggered in [from, to). */
  countsByRule(filter: Required<Pick<CaseFilter, 'from' | 'to'>> & Pick<CaseFilter, 'ward' | 'camera'>): Promise<SummaryResponse> {
    return this.http.get<SummaryResponse>('/api/dashboard/summary', { groupBy: 'rule', ...filter });
  }

  /** Every table of the district dashboard for cases triggered in [from, to). */
  dashboard(filter: FiguresFilter): Promise<DashboardResponse> {
    return this.http.get<DashboardResponse>('/api/dashboard', { ...filter });
  }

  /** A plain link to one dashboard table as CSV: the browser downloads it with the session cookie. */
  summaryCsvHref(groupBy: SummaryGroupBy, filter: FiguresFilter, lang: string): string {
    return withQuery('/api/dashboard/summary.csv', { ...filter, groupBy, lang });
  }

  /** The decided cases of [from, to) as CSV, for the ward's paperwork (a plain link: the browser downloads it). */
  exportCsvHref(filter: { from: string; to: string; ward?: string | undefined; camera?: string | undefined; rule?: string | undefined; status?: 'confirmed' | 'dismissed' | undefined }, lang: string): string {
    return withQuery('/api/export.csv', { ...filter, lang });
  }

  /** Users, wards and districts (admins), and the audit log (supervisors and admins). */
  readonly admin = new AdminApi(this.http);
}
