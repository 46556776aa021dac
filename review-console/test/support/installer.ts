import { AGENT_API, type EnrolResponse, type SyncResponse } from '@wardwatch/contracts';
import type { AgentEnrolment } from '../../src/api/site-api-types.js';
import type { Client, Harness } from './app-harness.js';

/*
 * Helpers for the installer workflow tests: camera payloads as the zone editor sends them, and
 * the agent's side of the API (enrol, sync, probe and search results) spoken over real HTTP.
 */

export const ZONE_GATE = { id: 'gate', name: 'Cổng UBND', polygon: [[0.1, 0.55], [0.6, 0.55], [0.6, 0.95], [0.1, 0.95]], rules: [{ type: 'illegal_parking', graceSeconds: 20 }] };

/** A camera as the editor sends it (defaults left to the schema). */
export function cameraInput(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: `Camera ${id}`, detect: { url: `rtsp://10.0.0.5/${id}`, fps: 5 }, zones: [ZONE_GATE], ...overrides };
}

export async function body<T>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON (${res.status}): ${text.slice(0, 200)}`);
  }
}

export interface AgentSide {
  enrol(enrolmentToken: string): Promise<Response>;
  sync(token: string, have: number, running?: string, mode?: 'managed' | 'local'): Promise<Response>;
  probeResult(token: string, probeId: string, result: unknown): Promise<Response>;
  probeSnapshot(token: string, probeId: string, bytes: Buffer, contentType?: string): Promise<Response>;
  discoveryResult(token: string, discoveryId: string, result: unknown): Promise<Response>;
}

/** The agent's calls, exactly as the contract names them. */
export function agentSide(url: string): AgentSide {
  return {
    enrol: (enrolmentToken) => fetch(`${url}${AGENT_API.enrol}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enrolmentToken }) }),
    sync: (token, have, running, mode) => {
      const query = new URLSearchParams({ have: String(have), ...(running ? { running } : {}), ...(mode ? { mode } : {}) });
      return fetch(`${url}${AGENT_API.sync}?${query.toString()}`, { headers: { authorization: `Bearer ${token}` } });
    },
    probeResult: (token, probeId, result) =>
      fetch(`${url}${AGENT_API.probeResult(probeId)}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(result) }),
    discoveryResult: (token, discoveryId, result) =>
      fetch(`${url}${AGENT_API.discoveryResult(discoveryId)}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(result) }),
    probeSnapshot: (token, probeId, bytes, contentType = 'image/jpeg') =>
      fetch(`${url}${AGENT_API.probeSnapshot(probeId)}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: bytes }),
  };
}

/** Creates the agent through the installer API and enrols it; returns its own token. */
export async function enrolledAgent(h: Harness, installer: Client, id: string, ward = 'hoan-kiem'): Promise<string> {
  const created = await installer.request('POST', '/api/agents', { body: { id, ward } });
  if (created.status !== 201) throw new Error(`create agent ${id}: ${created.status} ${await created.text()}`);
  const { enrolmentToken } = await body<AgentEnrolment>(created);
  const enrolled = await agentSide(h.url).enrol(enrolmentToken);
  if (enrolled.status !== 200) throw new Error(`enrol ${id}: ${enrolled.status} ${await enrolled.text()}`);
  return (await body<EnrolResponse>(enrolled)).token;
}

export async function sync(h: Harness, token: string, have: number, running?: string, mode?: 'managed' | 'local'): Promise<SyncResponse> {
  const res = await agentSide(h.url).sync(token, have, running, mode);
  if (res.status !== 200) throw new Error(`sync: ${res.status} ${await res.text()}`);
  return body<SyncResponse>(res);
}

/** A clock the test moves forward by hand (expiry of tokens and probes). */
export function manualClock(): { now: () => Date; advance(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}
