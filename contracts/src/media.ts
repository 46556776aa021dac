import { z } from 'zod';
import { sha256Hex, uuidV7 } from './common.js';

export const mediaKinds = ['clip', 'snapshot'] as const;
export type MediaKind = (typeof mediaKinds)[number];

export const mediaMimeByKind = {
  clip: 'video/mp4',
  snapshot: 'image/jpeg',
} as const satisfies Record<MediaKind, string>;

/** Largest evidence file the console accepts: a 2-minute 1080p clip is ~30 MB. */
export const MAX_MEDIA_BYTES = 64 * 1024 * 1024;

export const clipShortfall = z
  .object({
    kind: z.enum(['still', 'partial']),
    coveredSeconds: z.number().nonnegative(),
    wantedSeconds: z.number().nonnegative(),
  })
  .strict();
export type ClipShortfall = z.infer<typeof clipShortfall>;

/**
 * Where in the clip (seconds from its first frame) the object arrived and where the rule fired,
 * so the console opens the clip just before the trigger and marks both on its timeline. A long
 * stay's clip is two parts joined, so these cannot be worked out from the job's times alone.
 */
export const clipMarks = z
  .object({
    startedSeconds: z.number().nonnegative(),
    triggeredSeconds: z.number().nonnegative(),
  })
  .strict();
export type ClipMarks = z.infer<typeof clipMarks>;

export const mediaRef = z
  .object({
    /** Where the console stores it, as returned by the upload endpoint (`media/<violationId>/<kind>`). */
    uri: z.string().min(1).max(512),
    sha256: sha256Hex,
    bytes: z.number().int().positive().max(MAX_MEDIA_BYTES),
    mime: z.enum(['video/mp4', 'image/jpeg']),
    durationSeconds: z.number().nonnegative().optional(),
    /**
     * A clip that is less than its evidence window, so the officer is told: `still` (a picture of
     * the trigger moment instead of a clip: the record stream had no footage) or `partial` (the
     * clip covers `coveredSeconds` of `wantedSeconds`). Absent when the clip covers its window.
     */
    shortfall: clipShortfall.optional(),
    /** A clip's arrival and trigger moments; absent on a still clip and from older agents. */
    marks: clipMarks.optional(),
  })
  .strict();
export type MediaRef = z.infer<typeof mediaRef>;

/**
 * Agents upload evidence before enqueueing the job: `PUT` the raw bytes to this path with
 * `Authorization: Bearer <agent token>`, `Content-Type` of the kind and `X-Content-SHA256`.
 * The upload is idempotent by (violation id, kind, sha256).
 */
export function mediaUploadPath(violationId: string, kind: MediaKind): string {
  return `/api/agent/violations/${encodeURIComponent(violationId)}/media/${kind}`;
}

export function mediaUri(violationId: string, kind: MediaKind): string {
  return `media/${violationId}/${kind}`;
}

export const mediaUploadResponse = z.object({ uri: z.string(), sha256: sha256Hex, bytes: z.number().int() }).strict();
export type MediaUploadResponse = z.infer<typeof mediaUploadResponse>;

export const violationIdParam = uuidV7;
