import { discoveredCamera, discoveryResult, discoveryTask, generateUuidV7, parseWith, redactUrlCredentials, splitCredentials, type DiscoveredCamera, type DiscoveryTask } from '@wardwatch/contracts';
import { z } from 'zod';
import type { DiscoveryRequest, DiscoveryView } from '../api/site-api-types.js';
import type { AgentTable, DiscoveryTable } from '../db/tables.js';
import { maskSecret } from '../domain/stream-credentials.js';
import { Conflict, InvalidInput, NotFound } from '../domain/errors.js';
import type { AgentRepository } from '../repositories/agent.repository.js';
import type { AuditRepository } from '../repositories/audit.repository.js';
import type { DiscoveryRepository } from '../repositories/discovery.repository.js';
import type { CredentialCipher } from '../secrets/credential-cipher.js';
import type { Actor } from './actor.js';

/** The agent picks a search up on its next sync and listens 3 s, then lists each camera's streams. */
export const DISCOVERY_ANSWER_MS = 45_000;
/** Searches are looked at right after they finish; a day keeps them for a second look. */
const DISCOVERY_KEEP_MS = 24 * 3_600_000;
/** An agent runs searches one after another; a handful per sync is plenty. */
const DISCOVERIES_PER_SYNC = 4;

/** What is sealed in `request_sealed`: the task without its id. */
const sealedRequest = discoveryTask.omit({ id: true });
const storedCameras = z.array(discoveredCamera);

/**
 * "Find cameras": the console cannot see the cameras' network, the agent can. An installer asks,
 * the agent picks the search up on its next sync (WS-Discovery, then each camera's media
 * profiles with the login typed in the camera form) and sends back what answered. The login is
 * sealed at rest like a stream URL's, and no answer shown to a browser carries it.
 */
export class DiscoveryService {
  constructor(
    private readonly agents: AgentRepository,
    private readonly discoveries: DiscoveryRepository,
    private readonly audit: AuditRepository,
    private readonly cipher: CredentialCipher,
    private readonly clock: () => Date,
  ) {}

  async request(actor: Actor, agentId: string, request: DiscoveryRequest): Promise<{ discoveryId: string }> {
    const agent = await this.agents.get(agentId);
    if (!agent) throw new NotFound('no such agent');
    if (agent.revoked_at !== null) throw new Conflict(`agent ${agentId} is revoked; it cannot search for cameras until it enrols again`);
    const targets = request.targets ?? [];
    const login = request.user === undefined ? undefined : { user: request.user, password: request.password ?? '' };
    const now = this.clock();
    const discoveryId = generateUuidV7(now.getTime());
    await this.discoveries.pruneCreatedBefore(new Date(now.getTime() - DISCOVERY_KEEP_MS).toISOString());
    await this.discoveries.insert({
      id: discoveryId, agent_id: agentId, request_sealed: this.cipher.seal(JSON.stringify({ targets, ...(login ? { login } : {}) })), state: 'pending',
      created_at: now.toISOString(), created_by: actor.username, picked_at: null, finished_at: null, result_json: null, error: null,
    });
    await this.audit.append({ at: now.toISOString(), actor, action: 'camera_search_requested', ward: agent.ward_id, after: { agentId, discoveryId, targets, withLogin: login !== undefined } });
    return { discoveryId };
  }

  async view(agentId: string, discoveryId: string): Promise<DiscoveryView> {
    const row = await this.discoveryOf(agentId, discoveryId);
    const base = { id: row.id, createdAt: row.created_at };
    if (row.state === 'ok') return { ...base, state: 'ok', cameras: storedCameras.parse(JSON.parse(row.result_json ?? '[]')), error: null };
    if (row.state === 'failed') return { ...base, state: 'failed', cameras: null, error: row.error };
    if (this.clock().getTime() - Date.parse(row.created_at) < DISCOVERY_ANSWER_MS) return { ...base, state: 'pending', cameras: null, error: null };
    const seconds = DISCOVERY_ANSWER_MS / 1000;
    const error =
      row.state === 'picked'
        ? `the search was sent to the agent but no answer came back within ${seconds} s; is the agent still running?`
        : `the agent did not answer within ${seconds} s; is it running, enrolled and able to reach the console?`;
    return { ...base, state: 'expired', cameras: null, error };
  }

  /** For the agent's sync: its searches without a result (not yet expired), logins opened. */
  async takeTasks(agent: AgentTable): Promise<DiscoveryTask[]> {
    const now = this.clock();
    const rows = await this.discoveries.takeUnanswered(agent.id, new Date(now.getTime() - DISCOVERY_ANSWER_MS).toISOString(), now.toISOString(), DISCOVERIES_PER_SYNC);
    const tasks: DiscoveryTask[] = [];
    for (const row of rows) {
      const request = this.requestOf(row);
      if (request !== null) tasks.push({ id: row.id, ...request });
      else await this.discoveries.finish(row.id, { state: 'failed', result_json: null, error: 'the console can no longer read this search\'s login (its secret key changed); search again', finished_at: now.toISOString() });
    }
    return tasks;
  }

  async recordResult(agent: AgentTable, discoveryId: string, body: unknown): Promise<void> {
    const row = await this.discoveryOf(agent.id, discoveryId);
    const parsed = parseWith(discoveryResult, body);
    if (!parsed.ok) throw new InvalidInput(`the search result is not valid: ${parsed.errors.join('; ')}`, parsed.errors);
    const result = parsed.value;
    const password = this.requestOf(row)?.login?.password;
    const scrub = (text: string) => maskSecret(redactUrlCredentials(text), password);
    const finished = await this.discoveries.finish(discoveryId, {
      state: result.ok ? 'ok' : 'failed',
      result_json: result.ok ? JSON.stringify(result.cameras.map((camera) => this.shown(camera, scrub))) : null,
      error: result.ok ? null : scrub(result.error),
      finished_at: this.clock().toISOString(),
    });
    if (!finished) throw new Conflict('this camera search already has a result');
  }

  /** A camera as a browser may see it: no login in any URL or message (the agent strips them; the console makes sure). */
  private shown(camera: DiscoveredCamera, scrub: (text: string) => string): DiscoveredCamera {
    return {
      ...camera,
      deviceUrl: splitCredentials(camera.deviceUrl).url,
      ...(camera.profiles ? { profiles: camera.profiles.map((p) => ({ ...p, rtspUrl: splitCredentials(p.rtspUrl).url })) } : {}),
      ...(camera.problem === undefined ? {} : { problem: scrub(camera.problem) }),
    };
  }

  private requestOf(row: DiscoveryTable): z.infer<typeof sealedRequest> | null {
    const opened = this.cipher.tryOpen(row.request_sealed);
    return opened === null ? null : sealedRequest.parse(JSON.parse(opened));
  }

  private async discoveryOf(agentId: string, discoveryId: string): Promise<DiscoveryTable> {
    const row = discoveryId.length <= 64 ? await this.discoveries.get(discoveryId) : undefined;
    if (!row || row.agent_id !== agentId) throw new NotFound('no such camera search');
    return row;
  }
}
