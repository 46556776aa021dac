import type { Server } from 'node:http';
import { mediaUploadPath, type ViolationJob } from '@wardwatch/contracts';
import { signViolationJob } from '@wardwatch/contracts/agent-signature';
import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createApp } from '../../src/http/app.js';
import { LocalMediaStore } from '../../src/media/local-media-store.js';
import type { MediaStore } from '../../src/media/media-store.js';
import { createRegistry } from '../../src/metrics/console-metrics.js';
import { seedDemo } from '../../src/seed/demo-seed.js';
import type { TrustProxy } from '../../src/config/console-config.js';
import type { AgentDelivery } from '../../src/services/agent-sync.service.js';
import { createServices, type ConsoleServices } from '../../src/services/console-services.js';
import type { DatabaseTarget, TestDatabase } from './test-databases.js';
import { realClip, realSnapshot, violationJob, type EvidenceFile } from './evidence.js';

export const DEMO_PASSWORD = 'demo-password-123';

export interface Client {
  username: string;
  cookie: string;
  csrf: string;
  request(method: string, path: string, options?: { body?: unknown; rawBody?: string; csrf?: string | null; headers?: Record<string, string> }): Promise<Response>;
}

export interface Harness {
  url: string;
  db: TestDatabase;
  services: ConsoleServices;
  registry: Registry;
  clip: EvidenceFile;
  snapshot: EvidenceFile;
  login(username: string, password?: string): Promise<Client>;
  /** The token of the demo agent registered for `ward` (agent id `agent-<ward>`). */
  agentToken(ward: string): Promise<string>;
  /** Uploads real evidence over HTTP as the ward's agent, then stores the job as the worker would. */
  addCase(ward: string, overrides?: Partial<Parameters<typeof violationJob>[0]>): Promise<ViolationJob>;
  upload(token: string, violationId: string, kind: 'clip' | 'snapshot', body: Buffer, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** The real app (real database, real media folder or the given store) on a loopback port, with the demo wards and users. */
export interface HarnessOptions {
  maxMediaBytes?: number;
  maxUnclaimedBytes?: number;
  webDistDir?: string;
  /** The services' clock (sessions, enrolment expiry, probe expiry); real time unless given. */
  clock?: () => Date;
  /** What enrolled agents are told about Redis (their sync answer's `redis`); omitted unless given. */
  agentDelivery?: AgentDelivery;
  /** The app's and services' logger (request lines, errors); silent unless given. */
  logger?: Logger;
  /** TRUST_PROXY as the console was started with it. */
  trustProxy?: TrustProxy;
  /** Where evidence goes; a folder beside the test database unless given. */
  media?: MediaStore;
}

/** The key that seals camera logins in harness databases (tests may open sealed values with it). */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7);

export async function startHarness(target: DatabaseTarget, options: HarnessOptions = {}): Promise<Harness> {
  const db = await target.open();
  const registry = createRegistry();
  const services = createServices({
    db: db.db,
    media: options.media ?? new LocalMediaStore(db.dataDir),
    registry,
    sessionSecret: 'test-secret-'.padEnd(40, 'x'),
    secretKey: TEST_SECRET_KEY,
    maxMediaBytes: options.maxMediaBytes,
    maxUnclaimedBytes: options.maxUnclaimedBytes,
    clock: options.clock,
    agentDelivery: options.agentDelivery,
    logger: options.logger,
  });
  await seedDemo(services, { password: DEMO_PASSWORD });
  const logger = options.logger ?? pino({ level: 'silent' });
  const app = createApp({ services, registry, logger, health: async () => ({ database: 'ok', redis: 'not_configured', media: await services.media.checkStore() }), webDistDir: options.webDistDir, ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }) });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}`;
  const tokens = new Map<string, string>();
  const clip = realClip();
  const snapshot = realSnapshot();

  const agentToken = async (ward: string) => {
    let token = tokens.get(ward);
    if (!token) {
      token = (await services.agents.add(null, `agent-${ward}`, ward)).token;
      tokens.set(ward, token);
    }
    return token;
  };
  const upload = (token: string, violationId: string, kind: 'clip' | 'snapshot', body: Buffer, headers: Record<string, string> = {}) =>
    fetch(`${url}${mediaUploadPath(violationId, kind)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': kind === 'clip' ? 'video/mp4' : 'image/jpeg', 'x-content-sha256': (kind === 'clip' ? clip : snapshot).sha256, ...headers },
      body,
    });

  return {
    url,
    db,
    services,
    registry,
    clip,
    snapshot,
    async login(username, password = DEMO_PASSWORD) {
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      return {
        username,
        cookie,
        csrf: csrfToken,
        request(method, path, opts = {}) {
          const headers: Record<string, string> = { cookie, ...(opts.headers ?? {}) };
          const csrf = opts.csrf === undefined ? csrfToken : opts.csrf;
          if (csrf !== null) headers['x-csrf-token'] = csrf;
          let body: string | undefined;
          if (opts.rawBody !== undefined) body = opts.rawBody;
          else if (opts.body !== undefined) body = JSON.stringify(opts.body);
          if (body !== undefined) headers['content-type'] ??= 'application/json';
          return fetch(`${url}${path}`, { method, headers, body });
        },
      };
    },
    agentToken,
    upload,
    async addCase(ward, overrides = {}) {
      const token = await agentToken(ward);
      const job = signViolationJob(violationJob({ agentId: `agent-${ward}`, ward, clip, snapshot, ...overrides }), token);
      for (const kind of ['clip', 'snapshot'] as const) {
        const res = await upload(token, job.violationId, kind, kind === 'clip' ? clip.bytes : snapshot.bytes);
        if (res.status !== 201 && res.status !== 200) throw new Error(`upload ${kind}: ${res.status} ${await res.text()}`);
      }
      await services.ingest.ingestViolation(job);
      return job;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
