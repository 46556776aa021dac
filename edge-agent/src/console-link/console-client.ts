import { AGENT_API, enrolResponse, mediaUploadPath, type DiscoveryResult, type EnrolResponse, type MediaKind, type ProbeResult } from '@wardwatch/contracts';
import { redactText, redactUrl } from '../config/redact.js';

/** Why a request to the console did not give a usable answer. */
export type ConsoleFailureKind = 'unreachable' | 'timeout' | 'refused' | 'invalid_answer';

/**
 * A request to the console that failed, in words an installer can act on, naming the console
 * without credentials. `status` is the HTTP status of a refusal.
 */
export class ConsoleRequestError extends Error {
  constructor(
    readonly kind: ConsoleFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ConsoleRequestError';
  }
}

export interface ConsoleClientOptions {
  /** The console's base URL (`https://console.ward.vn`, or with a path prefix). */
  url: string;
  /** The agent's bearer token (absent only while enrolling). */
  token?: string;
  /**
   * One request's limit. 10 s is far beyond a healthy console's answer and short enough that a
   * hung one does not stall the sync loop for long.
   */
  timeoutMs?: number;
}

/** What `sync` answers before the managed config in it is checked (see sync-answer.ts). */
export type RawSyncAnswer = unknown;

const NETWORK_REASONS: [RegExp, string][] = [
  [/ECONNREFUSED/, 'connection refused'],
  [/ENOTFOUND|EAI_AGAIN/, 'unknown host'],
  [/EHOSTUNREACH|ENETUNREACH/, 'host unreachable'],
  [/ECONNRESET|UND_ERR_SOCKET|other side closed/i, 'connection reset'],
  [/CERT|certificate|SSL|TLS/i, 'TLS certificate problem'],
];

interface RequestOptions {
  json?: unknown;
  bytes?: Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  auth?: boolean;
  signal?: AbortSignal;
  /** This request's limit instead of the client's (an evidence upload over a slow uplink). */
  timeoutMs?: number;
}

/**
 * The agent's one HTTP client for its console (`AGENT_API` and the evidence upload in
 * contracts): enrolment, sync, probe results, evidence. Plain fetch; every failure becomes a
 * ConsoleRequestError without secrets.
 */
export class ConsoleClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  /** Scrubbed from anything the console says back, in case it quotes a request. */
  private readonly secrets: string[];
  /** The console URL as logs and errors show it. */
  readonly displayUrl: string;

  constructor(private readonly options: ConsoleClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.displayUrl = redactUrl(this.base);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.secrets = options.token ? [options.token] : [];
  }

  /** Trades a one-time enrolment token for the agent's identity and its own token. */
  async enrol(enrolmentToken: string): Promise<EnrolResponse> {
    this.secrets.push(enrolmentToken);
    const body = await this.request('POST', AGENT_API.enrol, { json: { enrolmentToken }, auth: false });
    const parsed = enrolResponse.safeParse(body);
    if (!parsed.success) throw new ConsoleRequestError('invalid_answer', `the console at ${this.displayUrl} sent an enrolment answer this agent does not understand`);
    return parsed.data;
  }

  /**
   * `have`: the managed version the agent runs (0: none); `running`: its configVersion label
   * (absent before anything runs, at the very first start); `mode`: whether the agent runs the
   * console's config or its own local file (which wins, so the console's cameras do not run).
   */
  sync(have: number, running: string | undefined, signal?: AbortSignal, mode?: 'managed' | 'local'): Promise<RawSyncAnswer> {
    const query = new URLSearchParams({ have: String(have), ...(running === undefined ? {} : { running }), ...(mode === undefined ? {} : { mode }) });
    return this.request('GET', `${AGENT_API.sync}?${query.toString()}`, { ...(signal ? { signal } : {}) });
  }

  async probeResult(probeId: string, result: ProbeResult): Promise<void> {
    await this.request('POST', AGENT_API.probeResult(probeId), { json: result });
  }

  async discoveryResult(discoveryId: string, result: DiscoveryResult): Promise<void> {
    await this.request('POST', AGENT_API.discoveryResult(discoveryId), { json: result });
  }

  async probeSnapshot(probeId: string, jpeg: Uint8Array): Promise<void> {
    await this.request('PUT', AGENT_API.probeSnapshot(probeId), { bytes: jpeg, contentType: 'image/jpeg' });
  }

  /** PUTs one piece of evidence (idempotent on the console); the caller checks the answer. */
  putMedia(violationId: string, kind: MediaKind, bytes: Uint8Array, meta: { mime: string; sha256: string; timeoutMs: number }): Promise<unknown> {
    return this.request('PUT', mediaUploadPath(violationId, kind), { bytes, contentType: meta.mime, headers: { 'x-content-sha256': meta.sha256 }, timeoutMs: meta.timeoutMs });
  }

  private async request(method: string, path: string, body: RequestOptions): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json', ...body.headers };
    if (body.auth !== false) {
      if (!this.options.token) throw new ConsoleRequestError('refused', 'this agent has no console token: enrol it first (--console URL --enrol TOKEN)');
      headers.authorization = `Bearer ${this.options.token}`;
    }
    let payload: string | Uint8Array | undefined;
    if (body.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body.bytes) {
      headers['content-type'] = body.contentType ?? 'application/octet-stream';
      payload = body.bytes;
    }
    let response: Response;
    const timeoutMs = body.timeoutMs ?? this.timeoutMs;
    try {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = body.signal ? AbortSignal.any([timeout, body.signal]) : timeout;
      response = await fetch(`${this.base}${path}`, { method, headers, signal, ...(payload === undefined ? {} : { body: payload }) });
    } catch (error) {
      throw this.networkError(error, timeoutMs);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw this.refusal(response.status, text);
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ConsoleRequestError('invalid_answer', `the console at ${this.displayUrl} answered ${path.split('?')[0]} with something that is not JSON (is this a WardWatch console?)`);
    }
  }

  private networkError(error: unknown, timeoutMs: number): ConsoleRequestError {
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new ConsoleRequestError('timeout', `the console at ${this.displayUrl} did not answer within ${Math.round(timeoutMs / 1_000)} s`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = `${cause?.code ?? ''} ${cause?.message ?? ''} ${(error as Error).message ?? ''}`;
    const reason = NETWORK_REASONS.find(([pattern]) => pattern.test(detail))?.[1] ?? redactText(cause?.message ?? (error as Error).message ?? String(error)).slice(0, 200);
    return new ConsoleRequestError('unreachable', `cannot reach the console at ${this.displayUrl}: ${reason}`);
  }

  /** The console's own words (`{ error: { message } }`) when it gave some, else the status. */
  private refusal(status: number, text: string): ConsoleRequestError {
    let said: string | undefined;
    try {
      const body = JSON.parse(text) as { error?: { message?: unknown; code?: unknown } | string };
      const error = body.error;
      said = typeof error === 'string' ? error : typeof error?.message === 'string' ? error.message : undefined;
    } catch {
      // Not JSON (a proxy's error page): the status is all there is to say.
    }
    const words = said ? `: ${redactText(said, this.secrets).slice(0, 300)}` : '';
    return new ConsoleRequestError('refused', `the console at ${this.displayUrl} answered ${status}${words}`, status);
  }
}
