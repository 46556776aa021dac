import { Router } from 'express';
import { discoveryRequest, discoveryView, probeRequest, probeView } from '../../api/site-api-types.js';
import type { ConsoleServices } from '../../services/console-services.js';
import { actorOf } from '../session-middleware.js';
import { parseRequest } from '../validate.js';

/** Camera tests and camera searches through the agent, behind the installer routes' session and role check. */
export function probeRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.post('/:id/probes', async (req, res) => {
    const body = parseRequest(probeRequest, req.body, 'camera test');
    res.status(202).json(await services.probes.request(actorOf(res), req.params.id, body));
  });
  router.get('/:id/probes/:probeId', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(probeView.parse(await services.probes.view(req.params.id, req.params.probeId)));
  });
  router.get('/:id/probes/:probeId/snapshot', async (req, res) => {
    const jpeg = await services.probes.snapshot(req.params.id, req.params.probeId);
    res.setHeader('Content-Type', 'image/jpeg');
    // A live picture of the street: never kept by shared caches or the browser.
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(jpeg);
  });
  router.post('/:id/discoveries', async (req, res) => {
    const body = parseRequest(discoveryRequest, req.body, 'camera search');
    res.status(202).json(await services.discoveries.request(actorOf(res), req.params.id, body));
  });
  router.get('/:id/discoveries/:discoveryId', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(discoveryView.parse(await services.discoveries.view(req.params.id, req.params.discoveryId)));
  });
  return router;
}
