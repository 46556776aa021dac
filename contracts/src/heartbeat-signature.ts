import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AgentHeartbeat } from './agent-heartbeat.js';
import { canonicalJson } from './canonical-json.js';

/*
 * Heartbeats are signed with a key both ends hold without the token itself crossing Redis: the
 * agent hashes its console token (sha256, hex), the console stores exactly that hash. A Node-only
 * module (node:crypto), kept out of the package's browser-safe entry points.
 */

/** sha256 of the token, hex: the console's stored token hash, and the signing key. */
export function heartbeatKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The heartbeat with its signature added (any old one replaced). */
export function signHeartbeat<T extends AgentHeartbeat>(beat: T, token: string): T {
  const { signature: _old, ...unsigned } = beat;
  return { ...unsigned, signature: signatureOf(unsigned, heartbeatKey(token)) } as T;
}

/** Whether the heartbeat carries a signature made with the token whose sha256 (hex) is `key`. */
export function heartbeatSignedWith(beat: AgentHeartbeat, key: string): boolean {
  const { signature, ...unsigned } = beat;
  if (!signature) return false;
  const expected = Buffer.from(signatureOf(unsigned, key), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function signatureOf(unsigned: Omit<AgentHeartbeat, 'signature'>, key: string): string {
  return createHmac('sha256', key).update(canonicalJson(unsigned), 'utf8').digest('hex');
}
