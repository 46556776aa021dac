import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AgentTable } from '../../db/tables.js';
import type { ConsoleServices } from '../../services/console-services.js';
import { bearerToken } from '../bearer.js';
import { parseRequest } from '../validate.js';

/** `GET /api/agent/sync?have=N&running=LABEL`. */
const syncQuery = z
  .object({ have: z.coerce.number().int().nonnegative().default(0), running: z.string().min(1).max(128).optional(), mode: z.enum(['managed', 'local']).optional() })
  .strict();

/** Enrolment and probe results are a few hundred bytes. */
const agentJson = express.json({ limit: '16kb', strict: true });
/** A search's answer lists up to 64 cameras with their streams' URLs. */
const discoveryJson = express.json({ limit: '512kb', strict: true });

function requireAgent(services: ConsoleServices): RequestHandler {
  return async (req, res, next) => {
    res.locals.agent = await services.agentSync.authenticate(bearerToken(req));
    next();
  };
}

function agentOf(locals: Record<string, unknown>): AgentTable {
  const agent = locals.agent as AgentTable | undefined;
  if (!agent) throw new Error('route mounted without requireAgent');
  return agent;
}

/**
 * The enrolled agent's API (contracts' AGENT_API): enrolment, the config sync and camera test
 * results. Mounted before the console's cookie API and its JSON parser: agents authenticate with
 * a bearer token, and the snapshot is a raw JPEG body.
 */
export function agentApiRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.post('/enrol', agentJson, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await services.agentSync.enrol(req.body, req.ip ?? 'unknown'));
  });
  router.get('/sync', requireAgent(services), async (req, res) => {
    const query = parseRequest(syncQuery, req.query, 'sync query');
    res.setHeader('Cache-Control', 'no-store');
    res.json(await services.agentSync.sync(agentOf(res.locals), query));
  });
  router.post('/probes/:probeId/result', requireAgent(services), agentJson, async (req, res) => {
    await services.probes.recordResult(agentOf(res.locals), String(req.params.probeId), req.body);
    res.status(204).end();
  });
  router.post('/discoveries/:discoveryId/result', requireAgent(services), discoveryJson, async (req, res) => {
    await services.discoveries.recordResult(agentOf(res.locals), String(req.params.discoveryId), req.body);
    res.status(204).end();
  });
  router.put('/probes/:probeId/snapshot', requireAgent(services), async (req, res) => {
    const length = req.get('content-length');
    await services.probes.storeSnapshot(agentOf(res.locals), String(req.params.probeId), {
      contentType: req.get('content-type'),
      contentLength: length === undefined ? undefined : Number(length),
      body: req,
    });
    res.status(204).end();
  });
  return router;
}
