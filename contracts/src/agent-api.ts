import { z } from 'zod';
import { slugId } from './common.js';
import { redisAddress } from './redis-address.js';
import { cameraSchema } from './site-config.js';

/*
 * The HTTP API between an enrolled agent and the console (issue "installer workflow").
 *
 * 1. An installer creates the agent in the console and gets a one-time enrolment token.
 * 2. The agent starts with only the console URL and that token: `POST /api/agent/enrol` trades it
 *    for the agent's own long-lived token (the enrolment token is then spent).
 * 3. Every few seconds the agent calls `GET /api/agent/sync?have=<version>&running=<label>&mode=<managed|local>`
 *    with `Authorization: Bearer <agent token>` (`mode`: whether it runs the console's config or its
 *    own file, which wins): the answer carries the newest managed config when the agent does not
 *    have it yet, and any camera probes an installer asked for.
 * 4. A probe's outcome goes back with `POST /api/agent/probes/<id>/result` (JSON) and, when a
 *    frame was grabbed, `PUT /api/agent/probes/<id>/snapshot` (image/jpeg bytes).
 * 5. "Find cameras": the answer may carry ONVIF discoveries; the agent searches its own network
 *    and sends what answered with `POST /api/agent/discoveries/<id>/result`.
 *
 * Camera URLs in the sync answer carry their credentials (the agent must log in to the camera);
 * nothing else ever does: the console stores them encrypted and never returns them to a browser.
 */

export const AGENT_API = {
  enrol: '/api/agent/enrol',
  sync: '/api/agent/sync',
  probeResult: (probeId: string) => `/api/agent/probes/${encodeURIComponent(probeId)}/result`,
  probeSnapshot: (probeId: string) => `/api/agent/probes/${encodeURIComponent(probeId)}/snapshot`,
  discoveryResult: (discoveryId: string) => `/api/agent/discoveries/${encodeURIComponent(discoveryId)}/result`,
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
    redis: z.object({ url: redisAddress, prefix: z.string().min(1).max(64).optional() }).strict().optional(),
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

/** `host` or `host:port`: an address an ONVIF probe is sent to directly (unicast). */
export const discoveryTarget = z
  .string()
  .max(260)
  .regex(/^[A-Za-z0-9.-]{1,253}(?::\d{1,5})?$/, 'expected HOST or HOST:PORT (an IPv4 address or a host name)');

export const discoveryTask = z
  .object({
    id: z.string().min(1).max(64),
    /** Addresses probed directly (cameras on another subnet); none: multicast on every interface of the agent. */
    targets: z.array(discoveryTarget).max(16).default([]),
    /** The cameras' ONVIF login: with it the agent also lists each camera's streams. */
    login: z.object({ user: z.string().min(1).max(200), password: z.string().max(200) }).strict().optional(),
  })
  .strict();
export type DiscoveryTask = z.infer<typeof discoveryTask>;

export const syncResponse = z
  .object({
    /** The newest version the console holds for this agent (0: nothing configured yet). */
    latestVersion: z.number().int().nonnegative(),
    /** Present when `latestVersion` differs from the `have` the agent sent. */
    config: managedConfig.optional(),
    probes: z.array(probeTask).max(32),
    /** Present only when an installer asked to find cameras (an agent older than "Find cameras" then refuses only that answer). */
    discoveries: z.array(discoveryTask).max(8).optional(),
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

/** One stream a camera offers (an ONVIF media profile). */
export const discoveredProfile = z
  .object({
    token: z.string().min(1).max(200),
    name: z.string().max(200),
    /** As the camera names it: H264, H265, JPEG... */
    codec: z.string().max(64),
    width: z.number().int().nonnegative(),
    height: z.number().int().nonnegative(),
    fps: z.number().positive().optional(),
    /** Without the login (the installer types it apart). */
    rtspUrl: z.string().max(2_000),
  })
  .strict();
export type DiscoveredProfile = z.infer<typeof discoveredProfile>;

export const discoveredCamera = z
  .object({
    /** The device's endpoint reference (stable across answers). */
    endpoint: z.string().max(500),
    /** Who answered (an address, not a URL). */
    address: z.string().max(200),
    /** Its device service (`http://10.0.0.21/onvif/device_service`). */
    deviceUrl: z.string().max(2_000),
    name: z.string().max(200).optional(),
    hardware: z.string().max(200).optional(),
    /** Listed when the search carried a login the camera accepted. */
    profiles: z.array(discoveredProfile).max(32).optional(),
    /** Why its streams could not be listed (wrong login, a broken answer). */
    problem: z.string().max(500).optional(),
    /** The same as a word a console can translate. */
    problemKind: z.enum(['unauthorized', 'unreachable', 'bad_answer']).optional(),
    /** Profile tokens: the smallest H.264 stream for detection, the largest for evidence. */
    suggested: z.object({ detect: z.string().max(200), record: z.string().max(200) }).strict().optional(),
  })
  .strict();
export type DiscoveredCamera = z.infer<typeof discoveredCamera>;

export const discoveryResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), cameras: z.array(discoveredCamera).max(64) }).strict(),
  z.object({ ok: z.literal(false), error: z.string().min(1).max(500) }).strict(),
]);
export type DiscoveryResult = z.infer<typeof discoveryResult>;
