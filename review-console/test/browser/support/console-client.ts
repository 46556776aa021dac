import type { Me, ViolationDetail, ViolationPage } from '../../../src/api/api-types.js';

/**
 * The API as a script sees it, for what the test needs to know independently of the UI:
 * which cases exist in which ward, and what was recorded after the officer clicked.
 */
export class ConsoleClient {
  private constructor(
    private readonly url: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async signIn(url: string, username: string, password: string): Promise<ConsoleClient> {
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!res.ok) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const me = (await res.json()) as Me;
    return new ConsoleClient(url, cookie, me.csrfToken);
  }

  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.url}${path}`, { headers: { cookie: this.cookie } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** The raw answer, for downloads (CSV) and status checks. */
  fetch(path: string): Promise<Response> {
    return fetch(`${this.url}${path}`, { headers: { cookie: this.cookie } });
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, { method: 'POST', headers: { cookie: this.cookie, 'content-type': 'application/json', 'x-csrf-token': this.csrf }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Any call with the session and CSRF token; the status and parsed body come back whatever they are. */
  async send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { cookie: this.cookie, 'x-csrf-token': this.csrf };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  decide(id: string, decision: 'confirmed' | 'dismissed', reason: string): Promise<ViolationDetail> {
    return this.post<ViolationDetail>(`/api/violations/${id}/decision`, { decision, reason });
  }

  async pending(): Promise<ViolationPage['items']> {
    return (await this.get<ViolationPage>('/api/violations?status=pending&order=asc&limit=200')).items;
  }

  detail(id: string): Promise<ViolationDetail> {
    return this.get<ViolationDetail>(`/api/violations/${id}`);
  }
}
