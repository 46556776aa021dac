import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { MAX_MEDIA_BYTES, mediaMimeByKind, mediaUri, uuidV7, type MediaKind, type MediaUploadResponse } from '@wardwatch/contracts';
import { parseByteRange, type ByteRange } from '../domain/byte-range.js';
import { Conflict, Gone, InvalidInput, NotFound, PayloadTooLarge, RangeNotSatisfiable, TooManyAttempts, UnsupportedMediaType } from '../domain/errors.js';
import type { AgentTable } from '../db/tables.js';
import { VIEWING_COPY_KIND, viewingCopyKey, type MediaStore } from '../media/media-store.js';
import { cropObject } from '../media/object-crop.js';
import { readLimited } from '../media/read-limited.js';
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

/** The object crop's widths: a queue row's thumbnail, and the case page's close-up beside the snapshot. */
export const CROP_WIDTHS = { thumb: 160, large: 640 } as const;
export type CropSize = keyof typeof CROP_WIDTHS;
/** Crops kept in memory (~10 KB each): a queue of hundreds scrolls without cutting one twice. */
const REMEMBERED_CROPS = 4_000;

/** Reads of one file by one actor within this long are one viewing in the audit log (a player's seeks). */
const VIEWING_MS = 10 * 60_000;
/** Viewings remembered for that; past it the oldest is forgotten, and logs again if read again. */
const REMEMBERED_VIEWINGS = 10_000;

export interface MediaServiceDeps {
  store: MediaStore;
  media: MediaRepository;
  agents: AgentRepository;
  violations: ViolationRepository;
  review: ReviewService;
  audit: AuditRepository;
  clock: () => Date;
  /** Largest evidence file taken (MAX_MEDIA_BYTES unless a test lowers it). */
  maxBytes?: number;
  /** Evidence one agent may have waiting for its jobs (MAX_UNCLAIMED_BYTES unless a test lowers it). */
  unclaimedQuota?: number;
  /** Where a stored case's missing file is reported; silent unless given. */
  logger?: Logger;
}

/**
 * What the media store holds, as far as the console can tell: `missing` when it lacks the newest
 * kept case's clip (a wrong bucket or prefix, or media never moved there), `down` when it does
 * not answer.
 */
export type MediaStoreState = 'ok' | 'down' | 'missing';

const MISSING_FILE_HINT = 'a stored case has no file in the media store: check WARDWATCH_MEDIA_URL (bucket and prefix) or WARDWATCH_DATA_DIR, and that media migrate ran';

export class MediaService {
  /** When each actor's viewing of a file was last logged, oldest first. */
  private readonly viewings = new Map<string, number>();
  /** Object crops made, by case and size, oldest first. */
  private readonly crops = new Map<string, Buffer>();

  private readonly deps: Required<MediaServiceDeps>;

  constructor(deps: MediaServiceDeps) {
    this.deps = { ...deps, maxBytes: deps.maxBytes ?? MAX_MEDIA_BYTES, unclaimedQuota: deps.unclaimedQuota ?? MAX_UNCLAIMED_BYTES, logger: deps.logger ?? pino({ level: 'silent' }) };
  }

  /** Whether the store holds the newest kept case's clip (see MediaStoreState); a console without cases is ok. */
  async checkStore(): Promise<MediaStoreState> {
    const newest = await this.deps.violations.newestKept();
    if (newest === undefined) return 'ok';
    try {
      return (await this.deps.store.size(mediaUri(newest, 'clip'))) === null ? 'missing' : 'ok';
    } catch {
      return 'down';
    }
  }

  authenticateAgent(bearerToken: string | undefined): Promise<AgentTable> {
    return authenticateAgent(this.deps.agents, bearerToken);
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
    if (request.contentLength !== undefined && request.contentLength > this.deps.maxBytes) throw new PayloadTooLarge(`evidence files are limited to ${this.deps.maxBytes} bytes`);
    const existing = await this.deps.media.get(request.violationId, request.kind);
    if (existing && existing.agent_id !== agent.id) throw new Conflict('this violation id belongs to another agent');
    // An agent sends each case's job seconds after its files: much more waiting than that is a
    // queue it cannot reach (it will be taken once the jobs land) or a token filling the disk.
    const waiting = existing ? 0 : await this.deps.media.unclaimedBytes(agent.id);
    if (waiting + (request.contentLength ?? 0) > this.deps.unclaimedQuota) {
      throw new TooManyAttempts(`agent ${agent.id} has ${Math.round(waiting / 1_048_576)} MB of evidence waiting for its jobs (at most ${Math.round(this.deps.unclaimedQuota / 1_048_576)} MB); more is taken once they arrive`, QUOTA_RETRY_SECONDS);
    }

    const staged = await this.deps.store.stage(request.body, this.deps.maxBytes);
    const uri = mediaUri(request.violationId, request.kind);
    try {
      if (staged.sha256 !== expected) throw new InvalidInput('the body does not match X-Content-SHA256 (corrupted upload?)');
      if (existing && existing.sha256 === staged.sha256) {
        await staged.discard();
        return { created: false, response: { uri: existing.uri, sha256: existing.sha256, bytes: Number(existing.bytes) } };
      }
      if (existing && (await this.deps.violations.get(request.violationId))) {
        throw new Conflict('this violation is already stored with different evidence');
      }
      await staged.commit(uri);
    } catch (error) {
      await staged.discard();
      throw error;
    }
    await this.deps.media.upsert({ violation_id: request.violationId, kind: request.kind, sha256: staged.sha256, bytes: staged.bytes, mime, uri, agent_id: agent.id, created_at: this.deps.clock().toISOString() });
    return { created: true, response: { uri, sha256: staged.sha256, bytes: staged.bytes } };
  }

  /**
   * Makes the H.264 copy of a case's clip that a browser plays, when the agent's clip is another
   * codec (an H.265 main stream). The agent's clip stays as it is: it is the hashed evidence, and
   * what an export gives. The copy is a media row of its own kind, so retention deletes it with
   * the case's other files. Idempotent.
   */
  async makeViewingCopy(violationId: string): Promise<ViewingCopyOutcome> {
    const clip = await this.deps.media.get(violationId, 'clip');
    if (!clip) return 'no_clip';
    if (await this.deps.media.get(violationId, VIEWING_COPY_KIND)) return 'exists';
    return withWorkDir(async (dir) => {
      const original = join(dir, 'clip.mp4');
      await pipeline(this.deps.store.read(clip.uri), createWriteStream(original));
      if ((await videoCodec(original)) === PLAYABLE_CODEC) return 'playable';
      const copy = await encodePlayableCopy(original, dir);
      const staged = await this.deps.store.stage(createReadStream(copy), this.deps.maxBytes);
      const uri = viewingCopyKey(violationId);
      try {
        await staged.commit(uri);
      } catch (error) {
        await staged.discard();
        throw error;
      }
      await this.deps.media.upsert({ violation_id: violationId, kind: VIEWING_COPY_KIND, sha256: staged.sha256, bytes: staged.bytes, mime: 'video/mp4', uri, agent_id: clip.agent_id, created_at: this.deps.clock().toISOString() });
      return 'made';
    });
  }

  /**
   * Opens a case's clip or snapshot for an actor who may see the case, and records the viewing.
   * A clip is its playable copy when there is one (see makeViewingCopy).
   */
  async openForViewing(actor: Actor, violationId: string, kind: MediaKind, rangeHeader: string | undefined): Promise<MediaForViewing> {
    const row = await this.deps.review.visibleCase(actor, violationId);
    if (row.purged_at !== null) throw new Gone(`this case's ${kind} was deleted by the retention policy`);
    const copy = kind === 'clip' ? await this.deps.media.get(row.id, VIEWING_COPY_KIND) : undefined;
    const key = copy?.uri ?? mediaUri(row.id, kind);
    const size = await this.storedSize(row.id, kind, key);
    const range = parseByteRange(rangeHeader, size);
    if (range === 'unsatisfiable') throw new RangeNotSatisfiable('the requested bytes are outside the file', size);
    // Every read is a viewing, whatever bytes it asks for (`bytes=1-` is the whole clip but one);
    // a player seeking sends many, so one entry stands for an actor's reads of a file for a while.
    const now = this.deps.clock().getTime();
    const viewing = `${actor.username}\n${row.id}\n${kind}`;
    if ((this.viewings.get(viewing) ?? Number.NEGATIVE_INFINITY) <= now - VIEWING_MS) {
      await this.deps.audit.append({ at: new Date(now).toISOString(), actor, action: 'media_view', violationId: row.id, ward: row.ward_id, after: { kind } });
      this.viewings.delete(viewing);
      this.viewings.set(viewing, now);
      if (this.viewings.size > REMEMBERED_VIEWINGS) this.viewings.delete(this.viewings.keys().next().value as string);
    }
    return { mime: mediaMimeByKind[kind], size, range, stream: this.deps.store.read(key, range ?? undefined) };
  }

  /**
   * The offending object cut out of a case's snapshot (JPEG), for the queue's thumbnails and the
   * case page's close-up. Made on first ask and remembered; a snapshot never changes, so neither
   * does its crop. Not logged as a viewing: a queue shows hundreds, and the snapshot they come
   * from is logged when the case is opened.
   */
  async objectCrop(actor: Actor, violationId: string, size: CropSize): Promise<Buffer> {
    const row = await this.deps.review.visibleCase(actor, violationId);
    if (row.purged_at !== null) throw new Gone("this case's snapshot was deleted by the retention policy");
    const key = `${row.id}/${size}`;
    const known = this.crops.get(key);
    if (known) return known;
    const uri = mediaUri(row.id, 'snapshot');
    await this.storedSize(row.id, 'snapshot', uri);
    const snapshot = await readLimited(this.deps.store.read(uri), MAX_MEDIA_BYTES);
    const crop = await cropObject(snapshot, JSON.parse(row.bbox_json) as { x1: number; y1: number; x2: number; y2: number }, CROP_WIDTHS[size]);
    this.crops.set(key, crop);
    if (this.crops.size > REMEMBERED_CROPS) this.crops.delete(this.crops.keys().next().value as string);
    return crop;
  }

  /** The size of a stored case's file; a file the store lacks is logged for the operator and is a 404. */
  private async storedSize(violationId: string, kind: MediaKind, key: string): Promise<number> {
    const size = await this.deps.store.size(key);
    if (size !== null) return size;
    this.deps.logger.error({ violationId, kind, key }, MISSING_FILE_HINT);
    throw new NotFound(`this case has no ${kind} file`);
  }
}
