import { clipMarks, clipShortfall, mediaUploadResponse, sha256Hex, uuidV7 } from '@wardwatch/contracts';
import { z } from 'zod';

const localMedia = z
  .object({
    file: z.enum(['clip.mp4', 'snapshot.jpg']),
    sha256: sha256Hex,
    bytes: z.number().int().nonnegative(),
    mime: z.enum(['video/mp4', 'image/jpeg']),
    durationSeconds: z.number().nonnegative().optional(),
    /** A clip less than its window (a still, a partial clip), shown on the case. */
    shortfall: clipShortfall.optional(),
    /** Where the arrival and the trigger fall in the clip. */
    marks: clipMarks.optional(),
  })
  .strict();

/**
 * `record.json` of an outbox item: the job without its media URIs (those come from the upload
 * responses) and the local evidence files. The draft is checked against the contract when the
 * item is written and again before it is enqueued.
 */
export const outboxRecordV1 = z
  .object({
    version: z.literal(1),
    violationId: uuidV7,
    /** When the item entered the outbox: the quota evicts the oldest first. */
    createdAtMs: z.number().int().nonnegative(),
    draft: z.record(z.string(), z.unknown()),
    media: z.object({ clip: localMedia, snapshot: localMedia }).strict(),
  })
  .strict();
export type OutboxRecord = z.infer<typeof outboxRecordV1>;

/** `state.json`: how far delivery got. Absent = nothing sent yet. */
export const deliveryStateV1 = z
  .object({
    clip: mediaUploadResponse.optional(),
    snapshot: mediaUploadResponse.optional(),
    enqueuedAt: z.string().optional(),
  })
  .strict();
export type DeliveryState = z.infer<typeof deliveryStateV1>;

export const RECORD_FILE = 'record.json';
export const STATE_FILE = 'state.json';
