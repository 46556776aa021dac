import type { AuditAction, AuditPage, CreateDistrictRequest, CreateUserRequest, CreateWardRequest, District, UpdateUserRequest, UserSummary, Ward } from '../../../src/api/api-types.js';
import { withQuery, type HttpClient } from '../api/http-client.js';

/** The audit log's filters as the API takes them: UTC instants, already converted from Hanoi days. */
export interface AuditFilter {
  actor?: string;
  violationId?: string;
  action?: AuditAction;
  from?: string;
  to?: string;
}

/** The admin's calls (users, wards, districts) and the audit log (supervisors and admins). */
export class AdminApi {
  constructor(private readonly http: HttpClient) {}

  async users(): Promise<UserSummary[]> {
    return (await this.http.get<{ items: UserSummary[] }>('/api/admin/users')).items;
  }

  createUser(request: CreateUserRequest): Promise<UserSummary> {
    return this.http.post<UserSummary>('/api/admin/users', request);
  }

  updateUser(id: string, request: UpdateUserRequest): Promise<UserSummary> {
    return this.http.patch<UserSummary>(`/api/admin/users/${encodeURIComponent(id)}`, request);
  }

  async wards(): Promise<Ward[]> {
    return (await this.http.get<{ items: Ward[] }>('/api/admin/wards')).items;
  }

  /** Creates the ward, or renames / regroups the one with this id. */
  saveWard(request: CreateWardRequest): Promise<Ward> {
    return this.http.post<Ward>('/api/admin/wards', request);
  }

  async districts(): Promise<District[]> {
    return (await this.http.get<{ items: District[] }>('/api/admin/districts')).items;
  }

  createDistrict(request: CreateDistrictRequest): Promise<District> {
    return this.http.post<District>('/api/admin/districts', request);
  }

  audit(filter: AuditFilter, cursor: string | null, limit: number): Promise<AuditPage> {
    return this.http.get<AuditPage>('/api/audit', { ...filter, limit, ...(cursor ? { cursor } : {}) });
  }

  /** A plain link to the filtered log as CSV: the browser downloads it with the session cookie. */
  auditCsvHref(filter: AuditFilter, lang: 'vi' | 'en'): string {
    return withQuery('/api/audit.csv', { ...filter, lang });
  }
}
