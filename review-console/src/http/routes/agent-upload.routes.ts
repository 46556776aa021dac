import { Router } from 'express';
import type { ConsoleServices } from '../../services/console-services.js';
import { bearerToken } from '../bearer.js';
import { sendError } from '../error-middleware.js';

/** Evidence uploads from agents (bearer token, raw body), see mediaUploadPath in the contract. */
export function agentUploadRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.put('/violations/:violationId/media/:kind', async (req, res) => {
    const length = req.get('content-length');
    const { created, response } = await services.media.upload({
      bearerToken: bearerToken(req),
      violationId: req.params.violationId,
      kind: req.params.kind,
      contentType: req.get('content-type'),
      contentSha256: req.get('x-content-sha256'),
      contentLength: length === undefined ? undefined : Number(length),
      body: req,
    });
    res.status(created ? 201 : 200).json(response);
  });
  // Agents never fall through to the cookie-authenticated API.
  router.use((_req, res) => sendError(res, 404, 'not_found', 'no such agent API route'));
  return router;
}
