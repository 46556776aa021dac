import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { ErrorBody } from '../api/api-types.js';
import {
  AccountLocked, Conflict, CsrfFailed, DomainError, Forbidden, Gone, InvalidInput, NotAuthenticated, NotFound, PayloadTooLarge, RangeNotSatisfiable, TooManyAttempts, UnsupportedMediaType,
} from '../domain/errors.js';

const STATUS: [new (...args: never[]) => DomainError, number, string][] = [
  [AccountLocked, 401, 'account_locked'],
  [NotAuthenticated, 401, 'unauthenticated'],
  [CsrfFailed, 403, 'csrf_failed'],
  [Forbidden, 403, 'forbidden'],
  [NotFound, 404, 'not_found'],
  [InvalidInput, 400, 'invalid_request'],
  [Conflict, 409, 'conflict'],
  [Gone, 410, 'media_purged'],
  [PayloadTooLarge, 413, 'payload_too_large'],
  [UnsupportedMediaType, 415, 'unsupported_media_type'],
  [RangeNotSatisfiable, 416, 'range_not_satisfiable'],
  [TooManyAttempts, 429, 'too_many_attempts'],
];

export function sendError(res: Response, status: number, code: string, message: string, details?: string[]): void {
  const body: ErrorBody = { error: { code, message, ...(details ? { details } : {}) } };
  res.status(status).json(body);
}

/** body-parser marks its errors with `type`; JSON problems are the client's, in plain words. */
function bodyParserError(error: unknown): { status: number; code: string; message: string } | null {
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.parse.failed') return { status: 400, code: 'malformed_json', message: 'the request body is not valid JSON' };
  if (type === 'entity.too.large') return { status: 400, code: 'body_too_large', message: 'the request body is too large' };
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return { status: 400, code: 'invalid_request', message: 'the request body encoding is not supported' };
  return null;
}

/** The one place that turns errors into HTTP answers. Unknown errors are logged and told apart from nothing. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof DomainError) {
      const match = STATUS.find(([type]) => error instanceof type);
      if (match) {
        if (error instanceof TooManyAttempts) res.setHeader('Retry-After', String(error.retryAfterSeconds));
        if (error instanceof RangeNotSatisfiable) res.setHeader('Content-Range', `bytes */${error.size}`);
        sendError(res, match[1], match[2], error.message, error.details);
        return;
      }
    }
    const parserError = bodyParserError(error);
    if (parserError) {
      sendError(res, parserError.status, parserError.code, parserError.message);
      return;
    }
    // The router decodes path parameters; `%ff` cannot be decoded: the client's mistake, not ours.
    if (error instanceof URIError) {
      sendError(res, 400, 'invalid_request', 'the address has a malformed %-escape');
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    sendError(res, 500, 'internal_error', 'something went wrong on the server; the error was logged');
  };
}
