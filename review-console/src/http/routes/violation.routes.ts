import { Router, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { bulkDecisionRequest, decisionRequest, reopenRequest, violationListQuery } from '../../api/api-types.js';
import type { MediaKind } from '@wardwatch/contracts';
import type { ConsoleServices } from '../../services/console-services.js';
import type { MediaForViewing } from '../../services/media.service.js';
import { actorOf, requireSession } from '../session-middleware.js';
import { parseRequest } from '../validate.js';

async function sendMedia(res: Response, media: MediaForViewing, headOnly: boolean): Promise<void> {
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', media.mime);
  // Evidence shows people: never cached by shared caches or kept by the browser.
  res.setHeader('Cache-Control', 'private, no-store');
  if (media.range) {
    res.status(206);
    res.setHeader('Content-Range', `bytes ${media.range.start}-${media.range.end}/${media.size}`);
    res.setHeader('Content-Length', String(media.range.end - media.range.start + 1));
  } else {
    res.status(200);
    res.setHeader('Content-Length', String(media.size));
  }
  if (headOnly) {
    media.stream.destroy();
    res.end();
    return;
  }
  await pipeline(media.stream, res);
}

export function violationRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.use(requireSession(services.auth));
  router.get('/', async (req, res) => {
    res.json(await services.review.list(actorOf(res), parseRequest(violationListQuery, req.query, 'query')));
  });
  router.post('/bulk-decision', async (req, res) => {
    res.json(await services.review.decideMany(actorOf(res), parseRequest(bulkDecisionRequest, req.body, 'bulk decision')));
  });
  router.get('/:id', async (req, res) => {
    res.json(await services.review.get(actorOf(res), req.params.id));
  });
  router.post('/:id/decision', async (req, res) => {
    const actor = actorOf(res);
    // Visibility first: a case outside the officer's wards is 404 whatever the body says.
    await services.review.visibleCase(actor, req.params.id);
    res.json(await services.review.decide(actor, req.params.id, parseRequest(decisionRequest, req.body, 'decision')));
  });
  router.post('/:id/reopen', async (req, res) => {
    const actor = actorOf(res);
    await services.review.visibleCase(actor, req.params.id);
    res.json(await services.review.reopen(actor, req.params.id, parseRequest(reopenRequest, req.body, 'reopen request')));
  });
  router.get('/:id/crop', async (req, res) => {
    const size = req.query['size'] === 'large' ? 'large' : 'thumb';
    const crop = await services.media.objectCrop(actorOf(res), req.params.id, size);
    // Kept `no-store` like the snapshot it shows (a face, a plate): the console keeps it in memory instead.
    res.setHeader('Content-Type', 'image/jpeg');
    res.send(crop);
  });
  for (const kind of ['clip', 'snapshot'] as const satisfies readonly MediaKind[]) {
    router.get(`/:id/${kind}`, async (req, res) => {
      const media = await services.media.openForViewing(actorOf(res), req.params.id, kind, req.get('range'));
      await sendMedia(res, media, req.method === 'HEAD');
    });
  }
  return router;
}
