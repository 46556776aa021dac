import { z } from 'zod';
import { discoveredCamera, discoveryTarget, slugId } from '@wardwatch/contracts';
import { cameraSchema } from '@wardwatch/contracts/site-config';
import { isoUtc } from './api-types.js';

/*
 * The installer API (issue "installer workflow"): agents, their cameras and zones, config
 * versions and camera probes. Cookie session + `X-CSRF-Token` like the rest of /api; roles
 * installer and admin. No response ever carries a camera credential: URLs come back without
 * their `user:password@` part and `credentials` says only whether one is stored.
 *
 *   GET    /api/agents                                   { items: AgentOverview[] }
 *   GET    /api/agents/wards                             { items: WardRef[] } (the wards an agent can belong to)
 *   POST   /api/agents                 CreateAgentRequest -> 201 AgentEnrolment
 *   POST   /api/agents/:id/enrolment                     -> 201 AgentEnrolment (a fresh one-time token)
 *   POST   /api/agents/:id/revoke                        -> AgentOverview
 *   GET    /api/agents/:id/site                          -> SiteView (the newest version)
 *   PUT    /api/agents/:id/cameras/:cameraId  SaveCameraRequest -> SiteChange (400 with the schema's words, 409 on a stale baseVersion)
 *   DELETE /api/agents/:id/cameras/:cameraId?baseVersion=N      -> SiteChange
 *   GET    /api/agents/:id/versions                      { items: VersionSummary[] } newest first
 *   GET    /api/agents/:id/versions/:version             VersionDetail (diff against the version before)
 *   POST   /api/agents/:id/versions/:version/rollback  { baseVersion } -> SiteChange (a new version with that content)
 *   POST   /api/agents/:id/probes          ProbeRequest  -> 202 { probeId }
 *   GET    /api/agents/:id/probes/:probeId               -> ProbeView
 *   GET    /api/agents/:id/probes/:probeId/snapshot      -> image/jpeg
 *   POST   /api/agents/:id/discoveries  DiscoveryRequest -> 202 { discoveryId } ("Find cameras")
 *   GET    /api/agents/:id/discoveries/:discoveryId      -> DiscoveryView
 *
 * A camera sent in SaveCameraRequest is validated with the same `cameraSchema` the agent and the
 * zone editor use, and a 400 lists `formatIssues` lines relative to the camera
 * (`zones[0].polygon: a polygon needs at least 3 points`), exactly what the editor shows.
 */

export const agentOverview = z.object({
  id: z.string(),
  ward: z.string(),
  createdAt: isoUtc,
  revokedAt: isoUtc.nullable(),
  /** When the agent spent its enrolment token; null while it has not enrolled. */
  enrolledAt: isoUtc.nullable(),
  /** An unspent, unexpired enrolment token exists. */
  enrolmentPending: z.boolean(),
  /** The newest config version in the console; 0 when none was saved yet. */
  latestVersion: z.number().int().nonnegative(),
  /** What the agent last reported running (`v7`, or a local file's content hash); null if never seen. */
  runningVersion: z.string().nullable(),
  /** The agent runs the console's config (`managed`) or its own file, which wins (`local`); null until an agent that says so has synced. */
  configMode: z.enum(['managed', 'local']).nullable(),
  /** Seen, and not running the newest version (a local file that wins counts as lagging too). */
  lagging: z.boolean(),
  lastSeenAt: isoUtc.nullable(),
  cameraCount: z.number().int().nonnegative(),
});
export type AgentOverview = z.infer<typeof agentOverview>;
export const agentOverviewList = z.object({ items: z.array(agentOverview) });

export const agentEnrolment = z.object({
  agent: agentOverview,
  /** Shown once: `edge-agent run --console <url> --enrol <token>` on the agent's box. */
  enrolmentToken: z.string(),
  expiresAt: isoUtc,
});
export type AgentEnrolment = z.infer<typeof agentEnrolment>;

export const cameraView = z.object({
  /** The camera as the agent will run it (defaults filled), URLs without credentials. */
  camera: cameraSchema,
  credentials: z.object({ detect: z.boolean(), record: z.boolean() }),
});
export type CameraView = z.infer<typeof cameraView>;

export const siteView = z.object({
  agentId: z.string(),
  ward: z.string(),
  /** 0 when nothing was saved yet (then `cameras` is empty). */
  version: z.number().int().nonnegative(),
  updatedAt: isoUtc.nullable(),
  updatedBy: z.string().nullable(),
  cameras: z.array(cameraView),
});
export type SiteView = z.infer<typeof siteView>;

export const saveCameraRequest = z
  .object({
    /** The version the edit started from; a newer one saved meanwhile answers 409. */
    baseVersion: z.number().int().nonnegative(),
    /**
     * `cameraSchema` input. A URL may carry `user:password@`: it is split off and stored
     * encrypted. A URL without one keeps the stored credentials unless `clearCredentials` says so.
     * Validated by the service (not here) so that the 400 names paths relative to the camera.
     */
    camera: z.unknown(),
    clearCredentials: z.object({ detect: z.boolean().optional(), record: z.boolean().optional() }).strict().optional(),
    note: z.string().max(500).optional(),
  })
  .strict();
export type SaveCameraRequest = z.infer<typeof saveCameraRequest>;

export const rollbackRequest = z.object({ baseVersion: z.number().int().nonnegative() }).strict();

export const siteChange = z.object({ version: z.number().int().positive(), site: siteView });
export type SiteChange = z.infer<typeof siteChange>;

const changeKind = z.enum(['added', 'removed', 'changed']);
/**
 * One line of a version's summary, structured so that the web UI can word it in the reader's
 * language. `fields` are config paths inside the camera or zone (`detect.fps`, `polygon`); a login
 * is `credentials.detect` or `credentials.record`. `text`: a line in no known form, shown as it is.
 */
export const changeItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('camera'), camera: z.string(), change: changeKind }),
  z.object({ kind: z.literal('zone'), camera: z.string(), zone: z.string(), change: changeKind }),
  z.object({ kind: z.literal('cameraFields'), camera: z.string(), fields: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('zoneFields'), camera: z.string(), zone: z.string(), fields: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('text'), text: z.string() }),
]);
export type ChangeItem = z.infer<typeof changeItem>;

export const versionSummary = z.object({
  version: z.number().int().positive(),
  createdAt: isoUtc,
  createdBy: z.string(),
  note: z.string().nullable(),
  rolledBackFrom: z.number().int().positive().nullable(),
  /** Short lines in plain English: `camera cam-02 added`, `cam-01: zone gate changed (polygon)`. */
  changes: z.array(z.string()),
  /** The same lines, structured (the web UI words them in its language). */
  changeItems: z.array(changeItem),
});
export type VersionSummary = z.infer<typeof versionSummary>;
export const versionList = z.object({
  items: z.array(versionSummary),
  /** Pass as `?before=` for the next (older) page; null when there is none. */
  nextBefore: z.number().int().positive().nullable(),
});
export type VersionPage = z.infer<typeof versionList>;
/** `GET /versions?before=&limit=`: newest first, 50 unless `limit` says otherwise (200 at most). */
export const versionListQuery = z
  .object({ before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).optional() })
  .strict();

export const diffLine = z.object({
  /** `cameras[cam-01].zones[gate].polygon` (ids, not indexes, so a reorder is not a change). */
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  /** JSON values; a credential is never shown, only `"(changed)"`. */
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type DiffLine = z.infer<typeof diffLine>;
export const versionDetail = z.object({ summary: versionSummary, diff: z.array(diffLine) });
export type VersionDetail = z.infer<typeof versionDetail>;

export const probeRequest = z
  .object({
    /** Probe this saved camera's detect stream (its stored credentials included)... */
    cameraId: slugId.optional(),
    /** ...or a URL typed in the camera form before saving (may carry credentials; never stored in clear). */
    url: z.string().min(1).max(2_000).optional(),
    transport: z.enum(['tcp', 'udp']).optional(),
  })
  .strict()
  .refine((body) => (body.cameraId === undefined) !== (body.url === undefined), { message: 'give either cameraId or url' });
export type ProbeRequest = z.infer<typeof probeRequest>;

export const probeView = z.object({
  id: z.string(),
  /** pending: waiting for the agent; expired: the agent did not answer in time (offline?). */
  state: z.enum(['pending', 'ok', 'failed', 'expired']),
  createdAt: isoUtc,
  stream: z.object({ codec: z.string(), width: z.number().int(), height: z.number().int(), fps: z.number().nullable() }).nullable(),
  /** Specific and redacted: `401 Unauthorized: wrong user or password`. */
  error: z.string().nullable(),
  snapshotUrl: z.string().nullable(),
});
export type ProbeView = z.infer<typeof probeView>;

export const discoveryRequest = z
  .object({
    /** The cameras' ONVIF login: with it the agent lists each camera's streams. */
    user: z.string().min(1).max(200).optional(),
    password: z.string().max(200).optional(),
    /** Cameras on another subnet, probed directly; none: the agent searches its own network. */
    targets: z.array(discoveryTarget).max(16).optional(),
  })
  .strict()
  .refine((body) => body.password === undefined || body.user !== undefined, { message: 'a password needs a user name' });
export type DiscoveryRequest = z.infer<typeof discoveryRequest>;

export const discoveryView = z.object({
  id: z.string(),
  /** pending: waiting for the agent; expired: the agent did not answer in time (offline?). */
  state: z.enum(['pending', 'ok', 'failed', 'expired']),
  createdAt: isoUtc,
  /** The cameras that answered (none is an answer too); null until the agent answers. */
  cameras: z.array(discoveredCamera).nullable(),
  error: z.string().nullable(),
});
export type DiscoveryView = z.infer<typeof discoveryView>;
