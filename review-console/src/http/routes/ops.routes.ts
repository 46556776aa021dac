import { Router, type Response } from 'express';
import type { Registry } from 'prom-client';
import type { Health } from '../../api/api-types.js';
import { cameraList, auditCsvQuery, auditQuery, exportQuery } from '../../api/api-types.js';
import type { ConsoleServices } from '../../services/console-services.js';
import { buildOpenApi } from '../openapi.js';
import { actorOf, requireSession } from '../session-middleware.js';
import { parseRequest } from '../validate.js';

export type HealthProbe = () => Promise<Pick<Health, 'database' | 'redis' | 'media'>>;

/** Unauthenticated operations endpoints: liveness, Prometheus scrape, the API description. */
export function opsRoutes(registry: Registry, health: HealthProbe): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const probe = await health();
    const serving = probe.database === 'ok' && probe.redis !== 'down';
    // Every replica shares the media store: one that lacks files or does not answer is reported,
    // but does not take the API out of a load balancer, which would stop uploads and reviews
    // on every replica at once.
    const body: Health = { status: serving && probe.media === 'ok' ? 'ok' : 'degraded', ...probe };
    res.status(serving ? 200 : 503).json(body);
  });
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  });
  const openApi = buildOpenApi();
  router.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  return router;
}

/** A download the browser saves, never caches: it holds case and user data. */
function sendCsv(res: Response, out: { filename: string; body: string }): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${out.filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(out.body);
}

/** Read-mostly case views beside the queue: cameras, audit, export. */
export function insightRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.use(requireSession(services.auth));
  router.get('/cameras', async (_req, res) => {
    res.json(cameraList.parse({ items: await services.cameras.list(actorOf(res)) }));
  });
  router.get('/audit', async (req, res) => {
    res.json(await services.audit.list(actorOf(res), parseRequest(auditQuery, req.query, 'query')));
  });
  router.get('/audit.csv', async (req, res) => {
    sendCsv(res, await services.audit.csv(actorOf(res), parseRequest(auditCsvQuery, req.query, 'query')));
  });
  router.get('/export.csv', async (req, res) => {
    sendCsv(res, await services.exports.csv(actorOf(res), parseRequest(exportQuery, req.query, 'query')));
  });
  return router;
}
