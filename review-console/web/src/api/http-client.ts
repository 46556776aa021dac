import type { ErrorBody } from '../../../src/api/api-types.js';
import { ApiError } from './api-error.js';

type SessionExpiredListener = () => void;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The one place that talks HTTP: same-origin cookies, the session's CSRF token on every
 * state-changing request, and every failure turned into an ApiError. A 401 on anything but the
 * sign-in itself tells the session layer the session has ended.
 */
export class HttpClient {
  private csrfToken: string | null = null;
  private readonly expiredListeners = new Set<SessionExpiredListener>();

  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  onSessionExpired(listener: SessionExpiredListener): () => void {
    this.expiredListeners.add(listener);
    return () => this.expiredListeners.delete(listener);
  }

  async get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  async post<T>(path: string, body?: unknown, options: { signingIn?: boolean } = {}): Promise<T> {
    return this.request<T>('POST', path, body, options.signingIn ?? false);
  }

  async put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  async patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  async delete<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    return this.request<T>('DELETE', withQuery(path, query));
  }

  private async request<T>(method: string, path: string, body?: unknown, signingIn = false): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (STATE_CHANGING.has(method) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
    }
    if (response.ok) {
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    }
    const failure = await errorOf(response);
    if (failure.isUnauthenticated && !signingIn) for (const listener of this.expiredListeners) listener();
    throw failure;
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('Retry-After'));
  const retry = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (body.error && typeof body.error.code === 'string') {
      return new ApiError(response.status, body.error.code, body.error.message, body.error.details ?? [], retry);
    }
  } catch {
    // A proxy's HTML error page or an empty body: the status alone has to explain it.
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText, [], retry);
}

export function withQuery(path: string, query?: Record<string, string | number | undefined>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
