import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AGENT_API, discoveryResult, enrolRequest, enrolResponse, MAX_PROBE_SNAPSHOT_BYTES, managedConfig, probeResult, syncResponse,
  type DiscoveryResult, type DiscoveryTask, type ManagedConfigInput, type ProbeResult, type ProbeTask,
} from '@wardwatch/contracts';

/**
 * A small, real HTTP console implementing the agent side of the contract (contracts/agent-api.ts)
 * the way the review console does: one-time enrolment tokens, bearer-authenticated sync with
 * versions, probe tasks, probe results and snapshots. Every request the agent sends is checked
 * with the contract's schemas; a request that does not fit is answered 400 and recorded in
 * `violations`, so a test can assert there were none.
 */
export interface TestConsole {
  readonly url: string;
  /** A fresh one-time enrolment token for `agentId` in `ward`. */
  enrolmentToken(agentId: string, ward: string, options?: { expired?: boolean }): string;
  /** Saves a new version of the agent's config (validated like the console does); returns its number. */
  publish(agentId: string, config: Omit<ManagedConfigInput, 'version'>): number;
  /** Saves a version as given, unchecked (a console bug, or a newer schema): returns its number. */
  publishRaw(agentId: string, config: (version: number) => unknown): number;
  /** Asks the agent to probe a URL; returns the probe id. */
  requestProbe(agentId: string, url: string, transport?: 'tcp' | 'udp'): string;
  probeResults: Map<string, ProbeResult>;
  /** Asks the agent to find cameras ("Find cameras"); returns the search id. */
  requestDiscovery(agentId: string, task: Omit<DiscoveryTask, 'id'>): string;
  discoveryResults: Map<string, DiscoveryResult>;
  snapshots: Map<string, { contentType: string; bytes: Buffer }>;
  /** Every enrolment request that reached the console, accepted or not. */
  readonly enrolAttempts: number;
  /** Every sync: who, `have` and `running` as sent. */
  syncs: { agentId: string; have: number; running: string | undefined }[];
  /** Requests that did not fit the contract. */
  violations: string[];
  /** Stops answering (the port closes) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

interface AgentState {
  ward: string;
  versions: unknown[];
  probes: ProbeTask[];
  discoveries: DiscoveryTask[];
}

export async function startTestConsole(): Promise<TestConsole> {
  const enrolments = new Map<string, { agentId: string; ward: string; expired: boolean; spent: boolean }>();
  const tokens = new Map<string, string>();
  const agents = new Map<string, AgentState>();
  const probeOwner = new Map<string, string>();
  const probeResults = new Map<string, ProbeResult>();
  const discoveryResults = new Map<string, DiscoveryResult>();
  const snapshots = new Map<string, { contentType: string; bytes: Buffer }>();
  const syncs: TestConsole['syncs'] = [];
  const violations: string[] = [];
  let enrolAttempts = 0;
  const agent = (id: string, ward = 'hoan-kiem'): AgentState => {
    let state = agents.get(id);
    if (!state) agents.set(id, (state = { ward, versions: [], probes: [], discoveries: [] }));
    return state;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://console');
    const body = await readBody(req);
    const fail = (status: number, code: string, message: string): void => send(res, status, { error: { code, message } });
    const bearer = (): string | undefined => {
      const auth = req.headers.authorization;
      return auth?.startsWith('Bearer ') ? tokens.get(auth.slice('Bearer '.length)) : undefined;
    };

    if (req.method === 'POST' && url.pathname === AGENT_API.enrol) {
      enrolAttempts++;
      const parsed = enrolRequest.safeParse(parseJson(body));
      if (!parsed.success) {
        violations.push(`enrol: ${parsed.error.message}`);
        return fail(400, 'invalid_request', 'the request does not fit the enrolment contract');
      }
      const enrolment = enrolments.get(parsed.data.enrolmentToken);
      if (!enrolment) return fail(401, 'unauthenticated', 'unknown enrolment token');
      if (enrolment.spent) return fail(410, 'enrolment_spent', 'this enrolment token was already used');
      if (enrolment.expired) return fail(410, 'enrolment_expired', 'this enrolment token has expired');
      enrolment.spent = true;
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, enrolment.agentId);
      agent(enrolment.agentId, enrolment.ward);
      return send(res, 200, enrolResponse.parse({ agentId: enrolment.agentId, ward: enrolment.ward, token }));
    }

    const match = /^\/api\/agent\/probes\/([^/]+)\/(result|snapshot)$/.exec(url.pathname);
    const searched = /^\/api\/agent\/discoveries\/([^/]+)\/result$/.exec(url.pathname);
    if (url.pathname === AGENT_API.sync || match || searched) {
      const agentId = bearer();
      if (!agentId) return fail(401, 'unauthenticated', 'unknown agent token');
      const state = agent(agentId);
      if (req.method === 'GET' && url.pathname === AGENT_API.sync) {
        const have = Number(url.searchParams.get('have'));
        if (!Number.isInteger(have) || have < 0) violations.push(`sync: have=${url.searchParams.get('have')}`);
        syncs.push({ agentId, have, running: url.searchParams.get('running') ?? undefined });
        const latestVersion = state.versions.length;
        const answer = { latestVersion, probes: state.probes, ...(state.discoveries.length > 0 ? { discoveries: state.discoveries } : {}), ...(latestVersion > 0 && latestVersion !== have ? { config: state.versions[latestVersion - 1] } : {}) };
        return send(res, 200, answer);
      }
      if (searched && req.method === 'POST') {
        const discoveryId = decodeURIComponent(searched[1]!);
        if (probeOwner.get(discoveryId) !== agentId) return fail(404, 'not_found', 'no such search');
        const parsed = discoveryResult.safeParse(parseJson(body));
        if (!parsed.success) {
          violations.push(`discovery result: ${parsed.error.message}`);
          return fail(400, 'invalid_request', 'the search result does not fit the contract');
        }
        discoveryResults.set(discoveryId, parsed.data);
        state.discoveries = state.discoveries.filter((d) => d.id !== discoveryId);
        return send(res, 200, { ok: true });
      }
      const probeId = decodeURIComponent(match?.[1] ?? '');
      if (probeOwner.get(probeId) !== agentId) return fail(404, 'not_found', 'no such probe');
      if (req.method === 'POST' && match?.[2] === 'result') {
        const parsed = probeResult.safeParse(parseJson(body));
        if (!parsed.success) {
          violations.push(`probe result: ${parsed.error.message}`);
          return fail(400, 'invalid_request', 'the probe result does not fit the contract');
        }
        // The picture goes first, so a result that promises one can be shown with it at once.
        if (parsed.data.ok && parsed.data.snapshot && !snapshots.has(probeId)) violations.push('a result promising a snapshot that was not sent first');
        probeResults.set(probeId, parsed.data);
        state.probes = state.probes.filter((p) => p.id !== probeId);
        return send(res, 200, { ok: true });
      }
      if (req.method === 'PUT' && match?.[2] === 'snapshot') {
        const contentType = req.headers['content-type'] ?? '';
        if (contentType !== 'image/jpeg') violations.push(`snapshot content-type ${contentType}`);
        if (body.length > MAX_PROBE_SNAPSHOT_BYTES) return fail(413, 'payload_too_large', 'snapshot too large');
        if (probeResults.has(probeId)) violations.push('a snapshot after the result');
        snapshots.set(probeId, { contentType, bytes: body });
        return send(res, 200, { ok: true });
      }
    }
    return fail(404, 'not_found', 'no such agent API route');
  };

  let server: Server | undefined;
  let port = 0;
  const listen = async (): Promise<void> => {
    const next = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => send(res, 500, { error: { code: 'internal_error', message: String(error) } }));
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  };
  const stop = async (): Promise<void> => {
    const current = server;
    server = undefined;
    if (!current) return;
    await new Promise<void>((resolve) => {
      current.close(() => resolve());
      current.closeAllConnections();
    });
  };
  await listen();

  return {
    url: `http://127.0.0.1:${port}`,
    enrolmentToken(agentId, ward, options = {}) {
      const token = `enrol-${randomBytes(12).toString('hex')}`;
      enrolments.set(token, { agentId, ward, expired: options.expired ?? false, spent: false });
      return token;
    },
    publish(agentId, config) {
      const state = agent(agentId);
      const version = state.versions.length + 1;
      const full = managedConfig.parse({ ...config, version });
      // What goes over the wire must fit the contract's sync answer.
      syncResponse.parse({ latestVersion: version, config: full, probes: [] });
      state.versions.push(full);
      return version;
    },
    publishRaw(agentId, config) {
      const state = agent(agentId);
      const version = state.versions.length + 1;
      state.versions.push(config(version));
      return version;
    },
    requestProbe(agentId, url, transport = 'tcp') {
      const id = `probe-${randomBytes(6).toString('hex')}`;
      agent(agentId).probes.push({ id, url, transport });
      probeOwner.set(id, agentId);
      return id;
    },
    probeResults,
    requestDiscovery(agentId, task) {
      const id = `search-${randomBytes(6).toString('hex')}`;
      agent(agentId).discoveries.push({ id, ...task });
      probeOwner.set(id, agentId);
      return id;
    },
    discoveryResults,
    snapshots,
    get enrolAttempts() {
      return enrolAttempts;
    },
    syncs,
    violations,
    down: stop,
    up: listen,
    close: stop,
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
