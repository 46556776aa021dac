import { Router } from 'express';
import { loginRequest, type Me } from '../../api/api-types.js';
import type { ConsoleServices } from '../../services/console-services.js';
import { actorOf, clearSessionCookie, requireSession, sessionTokenOf, setSessionCookie } from '../session-middleware.js';
import { parseRequest } from '../validate.js';

async function meOf(services: ConsoleServices, actor: ReturnType<typeof actorOf>, sessionToken: string): Promise<Me> {
  const scope = actor.role === 'installer' ? [] : await services.access.caseWards(actor);
  const all = await services.admin.listWards();
  const wards = all.filter((w) => scope === null || scope.includes(w.id)).map((w) => ({ id: w.id, name: w.name, districtId: w.districtId }));
  return { user: { id: actor.id, username: actor.username, role: actor.role, wards, districtId: actor.districtId }, csrfToken: services.auth.csrfFor(sessionToken) };
}

export function authRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    const body = parseRequest(loginRequest, req.body, 'sign-in request');
    const signedIn = await services.auth.login(body.username, body.password, req.ip ?? 'unknown');
    setSessionCookie(req, res, signedIn.sessionToken);
    res.json(await meOf(services, signedIn.actor, signedIn.sessionToken));
  });
  router.post('/logout', requireSession(services.auth), async (req, res) => {
    await services.auth.logout(sessionTokenOf(req));
    clearSessionCookie(req, res);
    res.status(204).end();
  });
  router.get('/me', requireSession(services.auth), async (req, res) => {
    res.json(await meOf(services, actorOf(res), sessionTokenOf(req) ?? ''));
  });
  return router;
}
