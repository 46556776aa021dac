import type { Request } from 'express';

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(req: Request): string | undefined {
  const auth = req.get('authorization');
  return auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : undefined;
}
