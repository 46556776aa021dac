import { z } from 'zod';
import { isoDateTime, slugId } from './common.js';

/** BullMQ queue that carries agent heartbeats (camera health) to the console. */
export const HEARTBEATS_QUEUE = 'heartbeats';

export const cameraStates = ['starting', 'up', 'down', 'stopped'] as const;
export const cameraState = z.enum(cameraStates);
export type CameraState = z.infer<typeof cameraState>;

/** The evidence recording, separate from detection: `failing` while its stream cannot be copied. */
export const recordStates = ['starting', 'up', 'failing', 'stopped'] as const;
export const recordState = z.enum(recordStates);
export type RecordState = z.infer<typeof recordState>;

export const recordHealth = z
  .object({
    state: recordState,
    /** Why it is failing; short, credentials redacted. */
    lastError: z.string().max(500).optional(),
    restarts: z.number().int().nonnegative(),
  })
  .strict();
export type RecordHealth = z.infer<typeof recordHealth>;

export const cameraHealth = z
  .object({
    id: slugId,
    name: z.string().min(1).max(200),
    state: cameraState,
    /** Decoded frames per second, measured over the last few seconds. */
    fps: z.number().nonnegative(),
    lastFrameAt: isoDateTime.optional(),
    /** Short, human-readable, credentials redacted. */
    lastError: z.string().max(500).optional(),
    restarts: z.number().int().nonnegative(),
    /** Absent when the camera records nothing (a file analysed without real-time pacing). */
    record: recordHealth.optional(),
  })
  .strict();
export type CameraHealth = z.infer<typeof cameraHealth>;

export const agentHeartbeatV1 = z
  .object({
    version: z.literal(1),
    agentId: slugId,
    ward: slugId,
    agentVersion: z.string().min(1).max(64),
    /** The config version the agent is running (a content hash or the console's version number). */
    configVersion: z.string().min(1).max(128).optional(),
    sentAt: isoDateTime,
    uptimeSeconds: z.number().nonnegative(),
    outboxPending: z.number().int().nonnegative(),
    cameras: z.array(cameraHealth).max(256),
    /**
     * HMAC-SHA256 (hex) of the rest of the heartbeat, keyed by the agent's console token (see
     * agent-signature.ts). Heartbeats travel through a Redis that every agent can write to;
     * the signature is what stops one agent reporting camera health in another agent's name.
     */
    signature: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits').optional(),
  })
  .strict();
export type AgentHeartbeat = z.infer<typeof agentHeartbeatV1>;
