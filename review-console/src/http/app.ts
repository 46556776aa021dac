import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { TrustProxy } from '../config/console-config.js';
import type { ConsoleServices } from '../services/console-services.js';
import { errorMiddleware, sendError } from './error-middleware.js';
import { adminRoutes } from './routes/admin.routes.js';
import { agentApiRoutes } from './routes/agent-api.routes.js';
import { agentUploadRoutes } from './routes/agent-upload.routes.js';
import { agentRoutes } from './routes/agents.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { dashboardRoutes } from './routes/dashboard.routes.js';
import { insightRoutes, opsRoutes, type HealthProbe } from './routes/ops.routes.js';
import { violationRoutes } from './routes/violation.routes.js';

export interface AppDeps {
  services: ConsoleServices;
  registry: Registry;
  logger: Logger;
  health: HealthProbe;
  /** The built web UI; served with an index.html fallback when the folder exists. */
  webDistDir?: string;
  /** Set when reverse proxies terminate TLS (how many, or their addresses), so `req.secure` and `req.ip` are right. */
  trustProxy?: TrustProxy;
}

/** JSON bodies are small (a decision, a login); evidence goes through the streaming upload route. */
const JSON_LIMIT = '32kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(helmet());
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    // Read now: inside a mounted router `req.path` is only the router's part (`/sync`). The query is
    // left out of the log line (it is not needed to follow a request and may carry search terms).
    const path = req.originalUrl.split('?')[0] ?? req.path;
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug';
      deps.logger[level]({ method: req.method, path, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    next();
  });
  app.use(opsRoutes(deps.registry, deps.health));
  // Every API answer is about people (a case with its plate and note, who is signed in and their
  // CSRF token) or the site: never kept by a shared cache or the browser, unless a route says otherwise.
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'private, no-store');
    next();
  });
  app.use('/api/agent', agentApiRoutes(deps.services), agentUploadRoutes(deps.services));
  app.use('/api', express.json({ limit: JSON_LIMIT, strict: true }));
  app.use('/api/auth', authRoutes(deps.services));
  app.use('/api/violations', violationRoutes(deps.services));
  app.use('/api/admin', adminRoutes(deps.services));
  app.use('/api/agents', agentRoutes(deps.services));
  app.use('/api/dashboard', dashboardRoutes(deps.services));
  app.use('/api', insightRoutes(deps.services));
  app.use('/api', (_req, res) => sendError(res, 404, 'not_found', 'no such API route'));
  if (deps.webDistDir && existsSync(join(deps.webDistDir, 'index.html'))) {
    const root = resolve(deps.webDistDir);
    app.use(express.static(root, { index: false, maxAge: '1h' }));
    app.use((req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        next();
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(root, 'index.html'));
    });
  }
  app.use((_req, res) => sendError(res, 404, 'not_found', 'nothing here'));
  app.use(errorMiddleware(deps.logger));
  return app;
}
