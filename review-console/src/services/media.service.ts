import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { MAX_MEDIA_BYTES, mediaMimeByKind, mediaUri, uuidV7, type MediaKind, type MediaUploadResponse } from '@wardwatch/contracts';
import { parseByteRange, type ByteRange } from '../domain/byte-range.js';
import { Conflict, Gone, InvalidInput, NotFound, PayloadTooLarge, RangeNotSatisfiable, TooManyAttempts, UnsupportedMediaType } from '../domain/errors.js';
import type { AgentTable } from '../db/tables.js';
import { VIEWING_COPY_KIND, viewingCopyKey, type MediaStore } from '../media/media-store.js';
import { encodePlayableCopy, PLAYABLE_CODEC, videoCodec, withWorkDir } from '../media/viewing-copy.js';
import type { AgentRepository } from '../repositories/agent.repository.js';
import type { AuditRepository } from '../repositories/audit.repository.js';
import type { MediaRepository } from '../repositories/media.repository.js';
import type { ViolationRepository } from '../repositories/violation.repository.js';
import type { Actor } from './actor.js';
import { authenticateAgent } from './agent-auth.js';
import type { ReviewService } from './review.service.js';

export interface UploadRequest {
  bearerToken: string | undefined;
  violationId: string;
  kind: string;
  contentType: string | undefined;
  contentSha256: string | undefined;
  contentLength: number | undefined;
  body: Readable;
}

export interface MediaForViewing {
  mime: string;
  size: number;
  range: ByteRange | null;
  stream: Readable;
}

/** What makeViewingCopy did. */
export type ViewingCopyOutcome = 'made' | 'exists' | 'playable' | 'no_clip';

export function isMediaKind(kind: string): kind is MediaKind {
  return kind === 'clip' || kind === 'snapshot';
}

/** Evidence one agent may have waiting for its jobs: hundreds of cases of a Redis outage. */
export const MAX_UNCLAIMED_BYTES = 2 * 1024 ** 3;
/** What an agent over that is asked to wait before it tries again. */
const QUOTA_RETRY_SECONDS = 60;

/** Reads of one file by one actor within this long are one viewing in the audit log (a player's seeks). */
const VIEWING_MS = 10 * 60_000;
/** Viewings remembered for that; past it the oldest is forgotten, and logs again if read again. */
const REMEMBERED_VIEWINGS = 10_000;

export class MediaService {
  /** When each actor's viewing of a file was last logged, oldest first. */
  private readonly viewings = new Map<string, number>();

  constructor(
    private readonly store: MediaStore,
    private readonly media: MediaRepository,
    private readonly agents: AgentRepository,
    private readonly violations: ViolationRepository,
    private readonly review: ReviewService,
    private readonly audit: AuditRepository,
    private readonly clock: () => Date,
    private readonly maxBytes: number = MAX_MEDIA_BYTES,
    private readonly unclaimedQuota: number = MAX_UNCLAIMED_BYTES,
  ) {}

  authenticateAgent(bearerToken: string | undefined): Promise<AgentTable> {
    return authenticateAgent(this.agents, bearerToken);
  }

  /** Idempotent by (violation id, kind, sha256): the same bytes twice answer the same. */
  async upload(request: UploadRequest): Promise<{ created: boolean; response: MediaUploadResponse }> {
    const agent = await this.authenticateAgent(request.bearerToken);
    if (!isMediaKind(request.kind)) throw new NotFound('media kind must be clip or snapshot');
    if (!uuidV7.safeParse(request.violationId).success) throw new InvalidInput('the violation id must be a UUIDv7');
    const mime = mediaMimeByKind[request.kind];
    if ((request.contentType ?? '').split(';')[0]?.trim().toLowerCase() !== mime) throw new UnsupportedMediaType(`a ${request.kind} must be sent as ${mime}`);
    const expected = request.contentSha256?.trim().toLowerCase();
    if (!expected || !/^[0-9a-f]{64}$/.test(expected)) throw new InvalidInput('X-Content-SHA256 must be the 64-character hex sha256 of the body');
    if (request.contentLength !== undefined && request.contentLength > this.maxBytes) throw new PayloadTooLarge(`evidence files are limited to ${this.maxBytes} bytes`);
    const existing = await this.media.get(request.violationId, request.kind);
    if (existing && existing.agent_id !== agent.id) throw new Conflict('this violation id belongs to another agent');
    // An agent sends each case's job seconds after its files: much more waiting than that is a
    // queue it cannot reach (it will be taken once the jobs land) or a token filling the disk.
    const waiting = existing ? 0 : await this.media.unclaimedBytes(agent.id);
    if (waiting + (request.contentLength ?? 0) > this.unclaimedQuota) {
      throw new TooManyAttempts(`agent ${agent.id} has ${Math.round(waiting / 1_048_576)} MB of evidence waiting for its jobs (at most ${Math.round(this.unclaimedQuota / 1_048_576)} MB); more is taken once they arrive`, QUOTA_RETRY_SECONDS);
    }

    const staged = await this.store.stage(request.body, this.maxBytes);
    const uri = mediaUri(request.violationId, request.kind);
    try {
      if (staged.sha256 !== expected) throw new InvalidInput('the body does not match X-Content-SHA256 (corrupted upload?)');
      if (existing && existing.sha256 === staged.sha256) {
        await staged.discard();
        return { created: false, response: { uri: existing.uri, sha256: existing.sha256, bytes: Number(existing.bytes) } };
      }
      if (existing && (await this.violations.get(request.violationId))) {
        throw new Conflict('this violation is already stored with different evidence');
      }
      await staged.commit(uri);
    } catch (error) {
      await staged.discard();
      throw error;
    }
    await this.media.upsert({ violation_id: request.violationId, kind: request.kind, sha256: staged.sha256, bytes: staged.bytes, mime, uri, agent_id: agent.id, created_at: this.clock().toISOString() });
    return { created: true, response: { uri, sha256: staged.sha256, bytes: staged.bytes } };
  }

  /**
   * Makes the H.264 copy of a case's clip that a browser plays, when the agent's clip is another
   * codec (an H.265 main stream). The agent's clip stays as it is: it is the hashed evidence, and
   * what an export gives. The copy is a media row of its own kind, so retention deletes it with
   * the case's other files. Idempotent.
   */
  async makeViewingCopy(violationId: string): Promise<ViewingCopyOutcome> {
    const clip = await this.media.get(violationId, 'clip');
    if (!clip) return 'no_clip';
    if (await this.media.get(violationId, VIEWING_COPY_KIND)) return 'exists';
    return withWorkDir(async (dir) => {
      const original = join(dir, 'clip.mp4');
      await pipeline(this.store.read(clip.uri), createWriteStream(original));
      if ((await videoCodec(original)) === PLAYABLE_CODEC) return 'playable';
      const copy = await encodePlayableCopy(original, dir);
      const staged = await this.store.stage(createReadStream(copy), this.maxBytes);
      const uri = viewingCopyKey(violationId);
      try {
        await staged.commit(uri);
      } catch (error) {
        await staged.discard();
        throw error;
      }
      await this.media.upsert({ violation_id: violationId, kind: VIEWING_COPY_KIND, sha256: staged.sha256, bytes: staged.bytes, mime: 'video/mp4', uri, agent_id: clip.agent_id, created_at: this.clock().toISOString() });
      return 'made';
    });
  }

  /**
   * Opens a case's clip or snapshot for an actor who may see the case, and records the viewing.
   * A clip is its playable copy when there is one (see makeViewingCopy).
   */
  async openForViewing(actor: Actor, violationId: string, kind: MediaKind, rangeHeader: string | undefined): Promise<MediaForViewing> {
    const row = await this.review.visibleCase(actor, violationId);
    if (row.purged_at !== null) throw new Gone(`this case's ${kind} was deleted by the retention policy`);
    const copy = kind === 'clip' ? await this.media.get(row.id, VIEWING_COPY_KIND) : undefined;
    const key = copy?.uri ?? mediaUri(row.id, kind);
    const size = await this.store.size(key);
    if (size === null) throw new NotFound(`this case has no ${kind} file`);
    const range = parseByteRange(rangeHeader, size);
    if (range === 'unsatisfiable') throw new RangeNotSatisfiable('the requested bytes are outside the file', size);
    // Every read is a viewing, whatever bytes it asks for (`bytes=1-` is the whole clip but one);
    // a player seeking sends many, so one entry stands for an actor's reads of a file for a while.
    const now = this.clock().getTime();
    const viewing = `${actor.username}\n${row.id}\n${kind}`;
    if ((this.viewings.get(viewing) ?? Number.NEGATIVE_INFINITY) <= now - VIEWING_MS) {
      await this.audit.append({ at: new Date(now).toISOString(), actor, action: 'media_view', violationId: row.id, ward: row.ward_id, after: { kind } });
      this.viewings.delete(viewing);
      this.viewings.set(viewing, now);
      if (this.viewings.size > REMEMBERED_VIEWINGS) this.viewings.delete(this.viewings.keys().next().value as string);
    }
    return { mime: mediaMimeByKind[kind], size, range, stream: this.store.read(key, range ?? undefined) };
  }
}
