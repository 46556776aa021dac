import { z } from 'zod';
import { slugId } from './common.js';
import { cameraSchema } from './site-config.js';

/*
 * The HTTP API between an enrolled agent and the console (issue "installer workflow").
 *
 * 1. An installer creates the agent in the console and gets a one-time enrolment token.
 * 2. The agent starts with only the console URL and that token: `POST /api/agent/enrol` trades it
 *    for the agent's own long-lived token (the enrolment token is then spent).
 * 3. Every few seconds the agent calls `GET /api/agent/sync?have=<version>&running=<label>` with
 *    `Authorization: Bearer <agent token>`: the answer carries the newest managed config when the
 *    agent does not have it yet, and any camera probes an installer asked for.
 * 4. A probe's outcome goes back with `POST /api/agent/probes/<id>/result` (JSON) and, when a
 *    frame was grabbed, `PUT /api/agent/probes/<id>/snapshot` (image/jpeg bytes).
 *
 * Camera URLs in the sync answer carry their credentials (the agent must log in to the camera);
 * nothing else ever does: the console stores them encrypted and never returns them to a browser.
 */

export const AGENT_API = {
  enrol: '/api/agent/enrol',
  sync: '/api/agent/sync',
  probeResult: (probeId: string) => `/api/agent/probes/${encodeURIComponent(probeId)}/result`,
  probeSnapshot: (probeId: string) => `/api/agent/probes/${encodeURIComponent(probeId)}/snapshot`,
} as const;

/** Largest probe snapshot the console accepts (a 4K JPEG is ~2 MB). */
export const MAX_PROBE_SNAPSHOT_BYTES = 8 * 1024 * 1024;

/** The label an agent reports (heartbeat `configVersion`, sync `running`) for managed version N. */
export function managedVersionLabel(version: number): string {
  return `v${version}`;
}

/** The version number inside a managed label, or undefined for a local file's content hash. */
export function managedVersionOf(label: string | null | undefined): number | undefined {
  const match = label ? /^v([1-9]\d{0,9})$/.exec(label) : null;
  return match ? Number(match[1]) : undefined;
}

export const enrolRequest = z.object({ enrolmentToken: z.string().min(16).max(200) }).strict();
export type EnrolRequest = z.infer<typeof enrolRequest>;

export const enrolResponse = z
  .object({
    agentId: slugId,
    ward: slugId,
    /** The agent's own bearer token, shown this once; keep it private (file mode 0600). */
    token: z.string().min(16).max(200),
  })
  .strict();
export type EnrolResponse = z.infer<typeof enrolResponse>;

/** What the console manages for one agent: identity, where to deliver, and the cameras. */
export const managedConfig = z
  .object({
    /** 1, 2, 3, ... per agent; a rollback is a new version with an older content. */
    version: z.number().int().positive(),
    agent: z.object({ id: slugId, ward: slugId, timezone: z.string().min(1).optional() }).strict(),
    /** The Redis that carries violations and heartbeats; the agent's REDIS_URL, when set, wins. */
    redis: z.object({ url: z.string().regex(/^rediss?:\/\//), prefix: z.string().min(1).max(64).optional() }).strict().optional(),
    cameras: z.array(cameraSchema).max(256),
  })
  .strict();
export type ManagedConfig = z.infer<typeof managedConfig>;
export type ManagedConfigInput = z.input<typeof managedConfig>;

export const probeTask = z
  .object({
    id: z.string().min(1).max(64),
    /** The stream to test, credentials included. */
    url: z.string().min(1).max(2_000),
    transport: z.enum(['tcp', 'udp']).default('tcp'),
  })
  .strict();
export type ProbeTask = z.infer<typeof probeTask>;

export const syncResponse = z
  .object({
    /** The newest version the console holds for this agent (0: nothing configured yet). */
    latestVersion: z.number().int().nonnegative(),
    /** Present when `latestVersion` differs from the `have` the agent sent. */
    config: managedConfig.optional(),
    probes: z.array(probeTask).max(32),
  })
  .strict();
export type SyncResponse = z.infer<typeof syncResponse>;

export const probeResult = z.discriminatedUnion('ok', [
  z
    .object({
      ok: z.literal(true),
      codec: z.string().min(1).max(64),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      fps: z.number().positive().optional(),
      /** True when a snapshot follows at AGENT_API.probeSnapshot. */
      snapshot: z.boolean(),
    })
    .strict(),
  z
    .object({
      ok: z.literal(false),
      /** Short and specific ("401 Unauthorized: wrong user or password", "connection refused"), credentials redacted. */
      error: z.string().min(1).max(500),
    })
    .strict(),
]);
export type ProbeResult = z.infer<typeof probeResult>;
