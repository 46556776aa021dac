import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../log/logger.js';

export interface AgentHttpServerOptions {
  host: string;
  /** 0 = any free port (tests). */
  port: number;
  registry: Registry;
  /** The body of /status; must already be free of credentials. */
  status: () => unknown;
  /** /healthz answers 503 while this is false (e.g. during shutdown). */
  healthy?: () => boolean;
  logger: Logger;
}

export interface AgentHttpServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

/**
 * The agent's own small HTTP endpoint for Prometheus and installers: `/metrics`, `/healthz` and
 * `/status`. Read-only and bound to loopback by default; plain node:http, since three GET routes
 * do not need a framework.
 */
export async function startAgentHttpServer(options: AgentHttpServerOptions): Promise<AgentHttpServer> {
  const log = options.logger.child({ component: 'http' });
  const server = createServer((req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      log.error({ err: error, path: req.url }, 'request failed');
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ error: 'internal error' }));
      else res.end();
    });
  });
  // Keep-alive sockets from a scraper must not hold shutdown open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  log.info({ host: options.host, port: address.port }, 'agent HTTP endpoint listening');
  return {
    port: address.port,
    host: options.host,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: AgentHttpServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://agent').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
    return;
  }
  switch (path) {
    case '/metrics':
      send(res, 200, options.registry.contentType, await options.registry.metrics());
      return;
    case '/healthz': {
      const ok = options.healthy?.() ?? true;
      send(res, ok ? 200 : 503, 'application/json', JSON.stringify({ ok }));
      return;
    }
    case '/status':
      send(res, 200, 'application/json', JSON.stringify(options.status(), null, 2));
      return;
    default:
      send(res, 404, 'application/json', JSON.stringify({ error: 'not found', routes: ['/metrics', '/healthz', '/status'] }));
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
