import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AgentHeartbeat } from './agent-heartbeat.js';
import { canonicalJson } from './canonical-json.js';
import type { ViolationJob } from './violation-job.js';

/*
 * What an agent puts in Redis (heartbeats, violation jobs) is signed with a key both ends hold
 * without the token itself crossing Redis: the agent hashes its console token (sha256, hex), the
 * console stores exactly that hash. Every agent can write to the queues; only an agent's own
 * token signs for it. A Node-only module (node:crypto), kept out of the package's browser-safe
 * entry points.
 */

/** sha256 of the token, hex: the console's stored token hash, and the signing key. */
export function signingKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

type Signed = { signature?: string | undefined };

function sign<T extends Signed>(payload: T, token: string): T {
  const { signature: _old, ...unsigned } = payload;
  return { ...unsigned, signature: signatureOf(unsigned, signingKey(token)) } as T;
}

function signedWith(payload: Signed, key: string): boolean {
  const { signature, ...unsigned } = payload;
  if (!signature) return false;
  const expected = Buffer.from(signatureOf(unsigned, key), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function signatureOf(unsigned: object, key: string): string {
  return createHmac('sha256', key).update(canonicalJson(unsigned), 'utf8').digest('hex');
}

/** The heartbeat with its signature added (any old one replaced). */
export function signHeartbeat<T extends AgentHeartbeat>(beat: T, token: string): T {
  return sign(beat, token);
}

/** Whether the heartbeat carries a signature made with the token whose sha256 (hex) is `key`. */
export function heartbeatSignedWith(beat: AgentHeartbeat, key: string): boolean {
  return signedWith(beat, key);
}

/** The violation job with its signature added (any old one replaced). */
export function signViolationJob<T extends ViolationJob>(job: T, token: string): T {
  return sign(job, token);
}

/** Whether the job carries a signature made with the token whose sha256 (hex) is `key`: not altered in Redis, not made up by another client. */
export function violationJobSignedWith(job: ViolationJob, key: string): boolean {
  return signedWith(job, key);
}
