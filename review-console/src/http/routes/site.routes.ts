import { Router } from 'express';
import { z } from 'zod';
import { rollbackRequest, saveCameraRequest, siteChange, siteView, versionDetail, versionList, versionListQuery } from '../../api/site-api-types.js';
import type { ConsoleServices } from '../../services/console-services.js';
import { actorOf } from '../session-middleware.js';
import { parseRequest } from '../validate.js';

const versionParam = z.object({ version: z.coerce.number().int().positive() });
const baseVersionQuery = z.object({ baseVersion: z.coerce.number().int().nonnegative() }).strict();

/**
 * An agent's cameras, zones and config versions. Mounted behind the installer routes' session
 * and role check. Answers go through their schemas, which drop any field not in the API shape.
 */
export function siteRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.get('/:id/site', async (req, res) => {
    res.json(siteView.parse(await services.sites.view(req.params.id)));
  });
  router.put('/:id/cameras/:cameraId', async (req, res) => {
    const body = parseRequest(saveCameraRequest, req.body, 'camera change');
    res.json(siteChange.parse(await services.sites.saveCamera(actorOf(res), req.params.id, req.params.cameraId, body)));
  });
  router.delete('/:id/cameras/:cameraId', async (req, res) => {
    const { baseVersion } = parseRequest(baseVersionQuery, req.query, 'query');
    res.json(siteChange.parse(await services.sites.deleteCamera(actorOf(res), req.params.id, req.params.cameraId, baseVersion)));
  });
  router.get('/:id/versions', async (req, res) => {
    const page = parseRequest(versionListQuery, req.query, 'query');
    res.json(versionList.parse(await services.versions.list(req.params.id, page)));
  });
  router.get('/:id/versions/:version', async (req, res) => {
    const { version } = parseRequest(versionParam, req.params, 'version number');
    res.json(versionDetail.parse(await services.versions.detail(req.params.id, version)));
  });
  router.post('/:id/versions/:version/rollback', async (req, res) => {
    const { version } = parseRequest(versionParam, req.params, 'version number');
    const { baseVersion } = parseRequest(rollbackRequest, req.body, 'rollback request');
    res.json(siteChange.parse(await services.sites.rollback(actorOf(res), req.params.id, version, baseVersion)));
  });
  return router;
}
