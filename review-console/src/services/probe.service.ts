import type { Readable } from 'node:stream';
import { generateUuidV7, MAX_PROBE_SNAPSHOT_BYTES, parseWith, probeResult, joinCredentials, redactUrlCredentials, splitCredentials, type ProbeTask } from '@wardwatch/contracts';
import { cameraSchema } from '@wardwatch/contracts/site-config';
import type { ProbeRequest, ProbeView } from '../api/site-api-types.js';
import type { AgentTable } from '../db/tables.js';
import { Conflict, InvalidInput, NotFound, PayloadTooLarge, UnsupportedMediaType, unreadableLogin } from '../domain/errors.js';
import { maskSecret, passwordOf, splitForStorage } from '../domain/stream-credentials.js';
import { readLimited } from '../media/read-limited.js';
import type { AgentRepository } from '../repositories/agent.repository.js';
import type { AuditRepository } from '../repositories/audit.repository.js';
import type { ConfigVersionRepository } from '../repositories/config-version.repository.js';
import type { ProbeRepository, ProbeRow } from '../repositories/probe.repository.js';
import type { CredentialCipher } from '../secrets/credential-cipher.js';
import type { Actor } from './actor.js';
import { documentOf } from './site-view.js';

/** Agents sync every few seconds: 30 s is several missed syncs, long enough to say it is not answering. */
export const PROBE_ANSWER_MS = 30_000;
/** A successful probe's stream facts as stored, with whether its result promised a snapshot. */
type StoredStream = NonNullable<ProbeView['stream']> & { snapshotPromised?: boolean };

/** How long a result that promises a snapshot waits for it before it is shown without one. */
const SNAPSHOT_GRACE_MS = 10_000;
/** Probes are looked at right after they finish; a day keeps them for a second look and bounds the table. */
const PROBE_KEEP_MS = 24 * 3_600_000;
/** Each sync hands out at most this many (an agent probes them one after another). */
const PROBES_PER_SYNC = 8;

const streamUrl = cameraSchema.shape.detect.shape.url;

export interface ProbeServiceDeps {
  agents: AgentRepository;
  versions: ConfigVersionRepository;
  probes: ProbeRepository;
  audit: AuditRepository;
  cipher: CredentialCipher;
  clock: () => Date;
}

/**
 * Camera tests run by the agent (it is on the cameras' network; the console is not): an
 * installer asks, the agent picks the probe up on its next sync, and reports codec, size and a
 * snapshot, or a specific error. The URL is sealed at rest because it carries the camera's login.
 */
export class ProbeService {
  constructor(private readonly deps: ProbeServiceDeps) {}

  async request(actor: Actor, agentId: string, request: ProbeRequest): Promise<{ probeId: string }> {
    const agent = await this.deps.agents.get(agentId);
    if (!agent) throw new NotFound('no such agent');
    if (agent.revoked_at !== null) throw new Conflict(`agent ${agentId} is revoked; it cannot test cameras until it enrols again`);
    const { url, shown, transport } = await this.target(agentId, request);
    const now = this.deps.clock();
    const probeId = generateUuidV7(now.getTime());
    await this.deps.probes.pruneCreatedBefore(new Date(now.getTime() - PROBE_KEEP_MS).toISOString());
    await this.deps.probes.insert({
      id: probeId, agent_id: agentId, url_sealed: this.deps.cipher.seal(url), transport, state: 'pending', created_at: now.toISOString(), created_by: actor.username,
      picked_at: null, finished_at: null, stream_json: null, error: null, snapshot: null,
    });
    await this.deps.audit.append({ at: now.toISOString(), actor, action: 'camera_probe_requested', ward: agent.ward_id, after: { agentId, probeId, cameraId: request.cameraId ?? null, url: shown } });
    return { probeId };
  }

  async view(agentId: string, probeId: string): Promise<ProbeView> {
    const row = await this.probeOf(agentId, probeId);
    const base = { id: row.id, createdAt: row.created_at, snapshotUrl: row.has_snapshot ? `/api/agents/${encodeURIComponent(agentId)}/probes/${encodeURIComponent(row.id)}/snapshot` : null };
    if (row.state === 'ok' || row.state === 'failed') {
      const stored = row.stream_json === null ? null : (JSON.parse(row.stream_json) as StoredStream);
      // A result that promises a picture still uploading reads as pending (an agent sends the picture first; this covers one that does not).
      const waitingForPicture = row.state === 'ok' && stored?.snapshotPromised === true && !row.has_snapshot && this.deps.clock().getTime() - Date.parse(row.finished_at ?? row.created_at) < SNAPSHOT_GRACE_MS;
      if (waitingForPicture) return { ...base, state: 'pending', stream: null, error: null };
      const stream = stored && { codec: stored.codec, width: stored.width, height: stored.height, fps: stored.fps };
      return { ...base, state: row.state, stream, error: row.error };
    }
    if (this.deps.clock().getTime() - Date.parse(row.created_at) < PROBE_ANSWER_MS) return { ...base, state: 'pending', stream: null, error: null };
    const seconds = PROBE_ANSWER_MS / 1000;
    const error =
      row.state === 'picked'
        ? `the test was sent to the agent but no result came back within ${seconds} s; is the camera reachable from the agent, and is the agent still running?`
        : `the agent did not answer within ${seconds} s; is it running, enrolled and able to reach the console?`;
    return { ...base, state: 'expired', stream: null, error };
  }

  async snapshot(agentId: string, probeId: string): Promise<Buffer> {
    await this.probeOf(agentId, probeId);
    const jpeg = await this.deps.probes.snapshot(probeId);
    if (!jpeg) throw new NotFound('this camera test has no snapshot');
    return jpeg;
  }

  /**
   * For the agent's sync: its probes without a result (not yet expired), URLs with their login.
   * Ones handed out before come again until they have a result: a sync answer that never reached
   * the agent must not lose them (the agent runs each id once).
   */
  async takeTasks(agent: AgentTable): Promise<ProbeTask[]> {
    const now = this.deps.clock();
    const rows = await this.deps.probes.takeUnanswered(agent.id, new Date(now.getTime() - PROBE_ANSWER_MS).toISOString(), now.toISOString(), PROBES_PER_SYNC);
    const tasks: ProbeTask[] = [];
    for (const row of rows) {
      const url = this.deps.cipher.tryOpen(row.url_sealed);
      if (url !== null) tasks.push({ id: row.id, url, transport: row.transport === 'udp' ? 'udp' : 'tcp' });
      // Sealed under a secret key since replaced: this test can never run, and must not block the others.
      else await this.deps.probes.finish(row.id, { state: 'failed', stream_json: null, error: 'the console can no longer read this test\'s address (its secret key changed); ask for the test again', finished_at: now.toISOString() });
    }
    return tasks;
  }

  async recordResult(agent: AgentTable, probeId: string, body: unknown): Promise<void> {
    const row = await this.probeOf(agent.id, probeId);
    const parsed = parseWith(probeResult, body);
    if (!parsed.ok) throw new InvalidInput(`the probe result is not valid: ${parsed.errors.join('; ')}`, parsed.errors);
    const result = parsed.value;
    const finished = await this.deps.probes.finish(probeId, {
      state: result.ok ? 'ok' : 'failed',
      stream_json: result.ok ? JSON.stringify({ codec: result.codec, width: result.width, height: result.height, fps: result.fps ?? null, snapshotPromised: result.snapshot }) : null,
      error: result.ok ? null : this.scrub(result.error, row),
      finished_at: this.deps.clock().toISOString(),
    });
    if (!finished) throw new Conflict('this camera test already has a result');
  }

  async storeSnapshot(agent: AgentTable, probeId: string, upload: { contentType: string | undefined; contentLength: number | undefined; body: Readable }): Promise<void> {
    await this.probeOf(agent.id, probeId);
    if ((upload.contentType ?? '').split(';')[0]?.trim().toLowerCase() !== 'image/jpeg') throw new UnsupportedMediaType('a probe snapshot must be sent as image/jpeg');
    if (upload.contentLength !== undefined && upload.contentLength > MAX_PROBE_SNAPSHOT_BYTES) throw new PayloadTooLarge(`probe snapshots are limited to ${MAX_PROBE_SNAPSHOT_BYTES} bytes`);
    const jpeg = await readLimited(upload.body, MAX_PROBE_SNAPSHOT_BYTES);
    // Every JPEG starts with SOI (FF D8) and a marker (FF): anything else must not be served as an image.
    if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg[2] !== 0xff) throw new UnsupportedMediaType('the snapshot is not a JPEG');
    await this.deps.probes.storeSnapshot(probeId, jpeg);
  }

  /** The URL the agent opens, and the same without its login (for the audit log). */
  private async target(agentId: string, request: ProbeRequest): Promise<{ url: string; shown: string; transport: 'tcp' | 'udp' }> {
    if (request.url !== undefined) {
      const check = streamUrl.safeParse(request.url);
      if (!check.success) throw new InvalidInput(`the stream address was refused: ${check.error.issues[0]?.message ?? 'not valid'}`, check.error.issues.map((i) => `url: ${i.message}`));
      return { url: request.url, shown: splitForStorage(request.url, 'url').url, transport: request.transport ?? 'tcp' };
    }
    const latest = await this.deps.versions.latest(agentId);
    const entry = documentOf(latest).cameras.find((c) => c.camera.id === request.cameraId);
    if (!entry) throw new NotFound(`no camera ${request.cameraId ?? ''} in the newest version`);
    const sealed = entry.credentials.detect;
    const login = sealed === undefined ? null : this.deps.cipher.tryOpen(sealed);
    if (sealed !== undefined && login === null) throw unreadableLogin(entry.camera.id, 'detect');
    return { url: joinCredentials(entry.camera.detect.url, login), shown: entry.camera.detect.url, transport: request.transport ?? entry.camera.detect.transport };
  }

  private async probeOf(agentId: string, probeId: string): Promise<ProbeRow> {
    const row = probeId.length <= 64 ? await this.deps.probes.get(probeId) : undefined;
    if (!row || row.agent_id !== agentId) throw new NotFound('no such camera test');
    return row;
  }

  /** The agent redacts its errors; the console makes sure, with the one password it knows this URL has. */
  private scrub(error: string, row: ProbeRow): string {
    const url = this.deps.cipher.tryOpen(row.url_sealed);
    const password = url === null ? null : passwordOf(splitCredentials(url).userinfo);
    return maskSecret(redactUrlCredentials(error), password);
  }
}
