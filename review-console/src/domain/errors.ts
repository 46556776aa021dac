/*
 * Business errors: named, with plain-words messages and no HTTP status. The HTTP error middleware
 * maps each class to a status; the worker maps them to retry or give up.
 */

export class DomainError extends Error {
  constructor(message: string, readonly details?: string[]) {
    super(message);
    this.name = new.target.name;
  }
}

/** No session, an expired one, or bad credentials. */
export class NotAuthenticated extends DomainError {}
/** The right password for an account an admin has locked: said as such, to that user only. */
export class AccountLocked extends NotAuthenticated {}
/** Signed in, but the role may never do this (an installer asking for case data). */
export class Forbidden extends DomainError {}
/** Missing or outside the caller's wards: the two look the same so nothing leaks. */
export class NotFound extends DomainError {}
export class InvalidInput extends DomainError {}

/** A camera's stored login the console cannot open any more (its secret key changed), refused in words an installer acts on. */
export function unreadableLogin(cameraId: string, kind: 'detect' | 'record'): InvalidInput {
  const line = `${kind}.url: its stored login can no longer be read (the console's secret key changed?); type it again`;
  return new InvalidInput(`camera ${cameraId}: ${line}`, [line]);
}
/** The state changed underneath (a case already decided, a username taken). */
export class Conflict extends DomainError {}
/**
 * A camera login sealed under another secret key (the key file was replaced or lost): only an
 * installer typing it again repairs it.
 */
export class StoredLoginUnreadable extends Conflict {
  constructor(readonly cameraId: string, readonly kind: 'detect' | 'record') {
    super(`camera ${cameraId}: its stored ${kind} login can no longer be read (was the console's secret key changed?); an installer must type it again in the console`);
  }
}
export class CsrfFailed extends DomainError {}
export class TooManyAttempts extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}
/** It existed, and was deleted for good (evidence past its retention period). */
export class Gone extends DomainError {}
export class PayloadTooLarge extends DomainError {}
export class UnsupportedMediaType extends DomainError {}
/** Bytes requested outside the file. */
export class RangeNotSatisfiable extends DomainError {
  constructor(message: string, readonly size: number) {
    super(message);
  }
}

/** Evidence named by a job has not arrived yet: the job should be tried again later. */
export class MediaNotYetUploaded extends DomainError {}
/** A job that can never be stored as sent (wrong agent or ward, media that does not match). */
export class JobRejected extends DomainError {}
/** A job refused because it breaks the contract itself (not the shape of a job, or text no database can hold). */
export class InvalidJob extends JobRejected {}
