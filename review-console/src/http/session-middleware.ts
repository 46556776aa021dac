import { parse as parseCookie, serialize } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import type { Actor } from '../services/actor.js';
import type { AuthService } from '../services/auth.service.js';
import { SESSION_TTL_MS } from '../services/auth.service.js';

export const SESSION_COOKIE = 'ww_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionTokenOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.append('Set-Cookie', serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: SESSION_TTL_MS / 1000 }));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: 0 }));
}

/**
 * Every cookie-authenticated route: 401 without a live session, then 403 when a state-changing
 * request lacks the session's CSRF token in `X-CSRF-Token`.
 */
export function requireSession(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    const token = sessionTokenOf(req);
    const actor = await auth.authenticate(token);
    if (!SAFE_METHODS.has(req.method)) auth.assertCsrf(token, req.get('x-csrf-token'));
    res.locals.actor = actor;
    res.locals.sessionToken = token;
    next();
  };
}

export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new Error('route mounted without requireSession');
  return actor;
}
