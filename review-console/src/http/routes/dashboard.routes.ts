import { Router, type Response } from 'express';
import { dashboardQuery, summaryQuery } from '../../api/api-types.js';
import type { ConsoleServices } from '../../services/console-services.js';
import { actorOf, requireSession } from '../session-middleware.js';
import { parseRequest } from '../validate.js';

function sendCsv(res: Response, out: { filename: string; body: string }): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${out.filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(out.body);
}

/** District dashboard figures: the whole page, or one table as JSON or CSV. */
export function dashboardRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.use(requireSession(services.auth));
  router.get('/', async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(await services.dashboard.dashboard(actorOf(res), parseRequest(dashboardQuery, req.query, 'query')));
  });
  router.get('/summary.csv', async (req, res) => {
    const query = parseRequest(summaryQuery, req.query, 'query');
    sendCsv(res, await services.dashboard.summaryCsv(actorOf(res), query));
  });
  router.get('/summary', async (req, res) => {
    const query = parseRequest(summaryQuery, req.query, 'query');
    if (query.format === 'csv') {
      sendCsv(res, await services.dashboard.summaryCsv(actorOf(res), query));
      return;
    }
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(await services.dashboard.summary(actorOf(res), query));
  });
  return router;
}
