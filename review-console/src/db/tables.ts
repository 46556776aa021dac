import type { Generated, Kysely } from 'kysely';

/*
 * Table shapes shared by SQLite and PostgreSQL. Times are UTC ISO strings from
 * `Date.prototype.toISOString()` (fixed width, so they sort as text on both engines); JSON is
 * stored as text; booleans as 0/1.
 */

export interface DistrictTable { id: string; name: string; created_at: string }
export interface WardTable { id: string; name: string; district_id: string | null; created_at: string }
export interface UserTable {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  district_id: string | null;
  disabled: number;
  created_at: string;
}
export interface UserWardTable { user_id: string; ward_id: string }
export interface SessionTable { id_hash: string; user_id: string; created_at: string; expires_at: string }
export interface AgentTable {
  id: string;
  ward_id: string;
  /** sha256 of the agent's own bearer token. */
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  /** When the agent last spent an enrolment token; null for an agent never enrolled (a CLI token, or waiting). */
  enrolled_at: string | null;
  /** The config label the agent last reported (`v7`, or a local file's content hash). */
  running_config_version: string | null;
  /** What the agent said at its last sync: it runs the console's config (`managed`) or its own file (`local`); null from older agents. */
  config_mode: string | null;
  /** The last sync or heartbeat. */
  last_seen_at: string | null;
  /**
   * When the report behind running_config_version was made (a sync: the console's clock; a
   * heartbeat: its sentAt). Heartbeats come through a queue, late or out of order: an older one
   * must not put an older version back.
   */
  running_reported_at: string | null;
}
/** One-time enrolment tokens: only the digest is kept; spent_at ends the token for good. */
export interface AgentEnrolmentTable {
  token_hash: string;
  agent_id: string;
  created_at: string;
  expires_at: string;
  spent_at: string | null;
}
/** The managed config of one agent, one row per saved version (1, 2, 3, ...). */
export interface ConfigVersionTable {
  agent_id: string;
  version: number;
  /** A SiteDocument as JSON: camera URLs without credentials, credentials sealed beside them. */
  document: string;
  created_by: string;
  created_at: string;
  note: string | null;
  /** Set when this version restores the content of that earlier one. */
  rolled_back_from: number | null;
  /** summarizeChanges against the version before, as a JSON array; null on rows stored before it was kept. */
  changes: string | null;
}
/** A camera test an installer asked an agent to run. */
export interface ProbeTable {
  id: string;
  agent_id: string;
  /** The stream URL with its credentials, sealed (see credential-cipher.ts). */
  url_sealed: string;
  transport: string;
  /** pending -> picked (sent to the agent) -> ok | failed; "expired" is derived from the time. */
  state: string;
  created_at: string;
  created_by: string;
  picked_at: string | null;
  finished_at: string | null;
  /** `{ codec, width, height, fps }` as JSON when the probe succeeded. */
  stream_json: string | null;
  error: string | null;
  /** The JPEG the agent grabbed (a few hundred kB; short-lived, pruned with the probe). */
  snapshot: Buffer | null;
}
/** A "Find cameras" search an installer asked an agent to run on its network. */
export interface DiscoveryTable {
  id: string;
  agent_id: string;
  /** `{ targets, login? }` as JSON, sealed: the login is the cameras' password. */
  request_sealed: string;
  /** pending -> picked (sent to the agent) -> ok | failed; "expired" is derived from the time. */
  state: string;
  created_at: string;
  created_by: string;
  picked_at: string | null;
  finished_at: string | null;
  /** The cameras that answered (contracts' DiscoveredCamera[]) as JSON, when it succeeded. */
  result_json: string | null;
  error: string | null;
}
export interface MediaTable {
  violation_id: string;
  kind: string;
  sha256: string;
  bytes: number;
  mime: string;
  uri: string;
  agent_id: string;
  created_at: string;
}
export interface ViolationTable {
  id: string;
  ward_id: string;
  camera_id: string;
  camera_name: string;
  agent_id: string;
  agent_version: string;
  rule_type: string;
  zone_id: string;
  /** The zone's name as the agent's config gives it; null when it has none (show the id). */
  zone_name: string | null;
  classes_json: string;
  scores_json: string;
  track_ids_json: string;
  bbox_json: string;
  boxes_json: string;
  started_at: string;
  triggered_at: string;
  ended_at: string | null;
  clip_sha256: string;
  clip_bytes: number;
  clip_duration: number | null;
  /** The job's media.clip.shortfall as JSON; null when the clip covers its window. */
  clip_shortfall_json: string | null;
  /** The job's media.clip.marks as JSON (arrival and trigger in clip seconds); null without them. */
  clip_marks_json: string | null;
  snapshot_sha256: string;
  snapshot_bytes: number;
  model_name: string;
  model_sha256: string;
  status: string;
  received_at: string;
  decision: string | null;
  decision_reason: string | null;
  decision_note: string | null;
  plate: string | null;
  decided_by: string | null;
  decided_at: string | null;
  /** Seconds from trigger to decision, stored with the decision (the dashboards' medians). */
  decision_seconds: number | null;
  /** When retention deleted the evidence and personal data; null while they are kept. */
  purged_at: string | null;
}
export interface AuditTable {
  id: Generated<number>;
  at: string;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  violation_id: string | null;
  ward_id: string | null;
  before_json: string | null;
  after_json: string | null;
}
export interface CameraStatusTable {
  agent_id: string;
  camera_id: string;
  ward_id: string;
  name: string;
  state: string;
  fps: number;
  last_frame_at: string | null;
  last_error: string | null;
  restarts: number;
  agent_version: string;
  outbox_pending: number;
  sent_at: string;
  received_at: string;
  interval_ms: number | null;
  /** The evidence recording's state (`starting`, `up`, `failing`, `stopped`); null: not reported. */
  record_state: string | null;
  record_error: string | null;
}

export interface ConsoleTables {
  districts: DistrictTable;
  wards: WardTable;
  users: UserTable;
  user_wards: UserWardTable;
  sessions: SessionTable;
  agents: AgentTable;
  agent_enrolments: AgentEnrolmentTable;
  config_versions: ConfigVersionTable;
  probes: ProbeTable;
  discoveries: DiscoveryTable;
  media: MediaTable;
  violations: ViolationTable;
  audit_log: AuditTable;
  camera_status: CameraStatusTable;
}

export type Db = Kysely<ConsoleTables>;
export type DbEngine = 'sqlite' | 'postgres';
