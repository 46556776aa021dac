import { z } from 'zod';
import { frameBox } from './box.js';
import { isoDateTime, ruleType, sha256Hex, slugId, uuidV7 } from './common.js';
import { mediaRef } from './media.js';

/** BullMQ queue that carries violations from agents to the console. */
export const VIOLATIONS_QUEUE = 'violations';

export const violationJobV1 = z
  .object({
    version: z.literal(1),
    violationId: uuidV7,
    agentId: slugId,
    agentVersion: z.string().min(1).max(64),
    cameraId: slugId,
    cameraName: z.string().min(1).max(200),
    ward: slugId,
    ruleType,
    zoneId: slugId,
    /** The zone's name as the installer wrote it, for people to read; absent when it has none. */
    zoneName: z.string().min(1).max(200).optional(),
    classes: z.array(z.string().min(1).max(64)).min(1).max(64),
    scores: z.array(z.number().min(0).max(1)).max(64),
    trackIds: z.array(z.number().int().nonnegative()).max(64),
    startedAt: isoDateTime,
    triggeredAt: isoDateTime,
    endedAt: isoDateTime.optional(),
    /** The offending object, or the group's union box for an encroachment episode. */
    bbox: frameBox,
    /** Every offending object's box, in the same order as trackIds when those are known. */
    boxes: z.array(frameBox).max(64),
    media: z.object({ clip: mediaRef, snapshot: mediaRef }).strict(),
    model: z.object({ name: z.string().min(1).max(128), sha256: sha256Hex }).strict(),
    /**
     * HMAC-SHA256 of the rest (canonical JSON), keyed by the sha256 of the agent's console token
     * (see agent-signature.ts). Jobs travel through a Redis every agent can write to; the
     * signature is what stops a job being altered there or made up in another agent's name.
     */
    signature: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits').optional(),
  })
  .strict()
  .superRefine((job, ctx) => {
    // Order checks only make sense between well-formed times; a malformed one is already reported.
    const valid = (value: string | undefined) => value !== undefined && isoDateTime.safeParse(value).success;
    if (!valid(job.startedAt)) return;
    const started = Date.parse(job.startedAt);
    if (valid(job.triggeredAt) && Date.parse(job.triggeredAt) < started) {
      ctx.addIssue({ code: 'custom', path: ['triggeredAt'], message: 'must not be before startedAt' });
    }
    if (valid(job.endedAt) && Date.parse(job.endedAt ?? '') < started) {
      ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'must not be before startedAt' });
    }
    if (job.media.clip.mime !== 'video/mp4') {
      ctx.addIssue({ code: 'custom', path: ['media', 'clip', 'mime'], message: 'a clip must be video/mp4' });
    }
    if (job.media.snapshot.mime !== 'image/jpeg') {
      ctx.addIssue({ code: 'custom', path: ['media', 'snapshot', 'mime'], message: 'a snapshot must be image/jpeg' });
    }
  });

export type ViolationJob = z.infer<typeof violationJobV1>;
