import { TargetFailed, TargetUnreachable } from './copy-errors.js';
import type { TargetUrl } from './target-url.js';

/*
 * What the PostgreSQL driver and Node throw, said in one line an operator acts on: a stack trace
 * of the driver's internals helps nobody fix a missing database. Decided on the error's code
 * (PostgreSQL's SQLSTATE, Node's errno name), never on its text. The caller masks the password
 * in the result, as in everything it prints.
 */

/** The connection's failure, with a hint chosen by its code. */
export function unreachable(error: unknown, target: TargetUrl): TargetUnreachable {
  const { code, text } = described(error);
  const createdb = `createdb -h ${target.host} -p ${target.port}${target.user ? ` -U ${target.user}` : ''} ${target.database ?? 'DATABASE'}`;
  const hint =
    code === INVALID_CATALOG_NAME ? `Create the database first (${createdb}), or name an existing one.`
    : AUTHENTICATION.has(code) ? "Check the URL's user and password, and that pg_hba.conf lets this host in."
    : `Is PostgreSQL running at ${target.host}:${target.port}, and does the database exist? (${createdb} creates it)`;
  return new TargetUnreachable(`cannot connect to PostgreSQL at ${target.shown}: ${text}. ${hint}`);
}

/** A failure partway through the copy as one line, or null for one that is not the database's (a bug: its stack helps). */
export function failedDuringCopy(error: unknown): TargetFailed | null {
  if (!isDriverError(error)) return null;
  const { text } = described(error);
  return new TargetFailed(`PostgreSQL failed during the copy: ${text}. What was committed stays: fix that and run migrate again, and it continues after the last committed batch.`);
}

/** invalid_catalog_name: the database in the URL does not exist. */
const INVALID_CATALOG_NAME = '3D000';
/** invalid_password, invalid_authorization_specification. */
const AUTHENTICATION = new Set(['28P01', '28000']);

interface CodedError {
  code?: unknown;
  severity?: unknown;
  syscall?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** PostgreSQL's own errors carry a severity; Node's socket and lookup errors a syscall. */
function isDriverError(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isDriverError);
  const coded = error as CodedError | null;
  return typeof coded?.severity === 'string' || typeof coded?.syscall === 'string';
}

function described(error: unknown): { code: string; text: string } {
  const coded = (error ?? {}) as CodedError;
  const code = typeof coded.code === 'string' ? coded.code : '';
  // Node's happy-eyeballs connect (localhost: ::1 and 127.0.0.1) throws an AggregateError with an empty message.
  const inner = Array.isArray(coded.errors) ? coded.errors.map((e) => (e as CodedError).message).filter((m): m is string => typeof m === 'string' && m.length > 0) : [];
  const message = typeof coded.message === 'string' && coded.message.length > 0 ? coded.message : inner.join('; ') || code || String(error);
  const sqlstate = typeof coded.severity === 'string' && code ? ` (SQLSTATE ${code})` : '';
  return { code, text: `${message}${sqlstate}` };
}
