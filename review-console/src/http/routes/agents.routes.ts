import { Router } from 'express';
import { createAgentRequest } from '../../api/api-types.js';
import { agentEnrolment, agentOverview, agentOverviewList } from '../../api/site-api-types.js';
import { requireRole } from '../../services/access.service.js';
import type { ConsoleServices } from '../../services/console-services.js';
import { actorOf, requireSession } from '../session-middleware.js';
import { parseRequest } from '../validate.js';
import { probeRoutes } from './probe.routes.js';
import { siteRoutes } from './site.routes.js';

/** The installer workflow under /api/agents: agents and enrolment, their sites and versions, camera tests. Installers and admins. */
export function agentRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.use(requireSession(services.auth), (_req, res, next) => {
    requireRole(actorOf(res), ['installer', 'admin'], 'manage agents and cameras');
    next();
  });
  router.get('/', async (_req, res) => {
    res.json(agentOverviewList.parse({ items: await services.agents.list() }));
  });
  router.get('/wards', async (_req, res) => {
    res.json({ items: await services.agents.wardChoices() });
  });
  router.post('/', async (req, res) => {
    const body = parseRequest(createAgentRequest, req.body, 'agent');
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(agentEnrolment.parse(await services.agents.create(actorOf(res), body.id, body.ward)));
  });
  router.post('/:id/enrolment', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(agentEnrolment.parse(await services.agents.issueEnrolment(actorOf(res), req.params.id)));
  });
  router.post('/:id/revoke', async (req, res) => {
    res.json(agentOverview.parse(await services.agents.revoke(actorOf(res), req.params.id)));
  });
  router.use(siteRoutes(services));
  router.use(probeRoutes(services));
  return router;
}
