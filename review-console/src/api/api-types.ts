import { z } from 'zod';
import { clipMarks, clipShortfall, languages, recordState, ruleType, slugId } from '@wardwatch/contracts';
import { weakPassword } from '../domain/password-policy.js';

/*
 * The JSON shapes of the review console's HTTP API, shared by the server (validation, OpenAPI)
 * and the web UI (types). Times are UTC ISO 8601 strings (`2025-06-01T03:04:05.000Z`); the UI
 * renders them in Asia/Ho_Chi_Minh. Every error is `{ error: { code, message } }`.
 */

export const isoUtc = z.iso.datetime({ offset: true });

export const errorBody = z.object({
  error: z.object({
    /** Stable machine code: `unauthenticated`, `forbidden`, `not_found`, `invalid_request`, `csrf_failed`, `conflict`, `too_many_attempts`, ... */
    code: z.string(),
    /** Plain words, safe to show. */
    message: z.string(),
    /** One line per invalid field, when the request did not validate. */
    details: z.array(z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const roles = ['officer', 'supervisor', 'installer', 'admin'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

export const caseStatuses = ['pending', 'confirmed', 'dismissed'] as const;
export const caseStatus = z.enum(caseStatuses);
export type CaseStatus = z.infer<typeof caseStatus>;

// ---- auth ----
export const loginRequest = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict();
export type LoginRequest = z.infer<typeof loginRequest>;

export const wardRef = z.object({ id: z.string(), name: z.string(), districtId: z.string().nullable() });
export type WardRef = z.infer<typeof wardRef>;

/** `GET /api/auth/me` and `POST /api/auth/login`. Send `csrfToken` as `X-CSRF-Token` on every POST/PATCH/PUT/DELETE. */
export const me = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    role,
    /** The wards this user may see cases of (a supervisor's district included; every ward for an admin; none for an installer). */
    wards: z.array(wardRef),
    districtId: z.string().nullable(),
  }),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof me>;

// ---- violations ----
export const listOrder = z.enum(['desc', 'asc']);
/** A case status, or `decided` for confirmed and dismissed together (the decision history). */
export const listStatus = z.enum([...caseStatuses, 'decided']);
export type ListStatus = z.infer<typeof listStatus>;
export const violationListQuery = z
  .object({
    status: listStatus.optional(),
    ward: slugId.optional(),
    camera: slugId.optional(),
    rule: ruleType.optional(),
    /** Inclusive lower bound on triggeredAt. */
    from: isoUtc.optional(),
    /** Exclusive upper bound on triggeredAt. */
    to: isoUtc.optional(),
    /** Opaque, from the previous page's `nextCursor`. */
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** By triggeredAt: newest first (`desc`, default) or oldest first (`asc`). */
    order: listOrder.default('desc'),
  })
  .strict();
export type ViolationListQuery = z.infer<typeof violationListQuery>;

export const actorRef = z.object({ id: z.string(), username: z.string() });

export const decisionValue = z.enum(['confirmed', 'dismissed']);
/** Who decided and why, without the personal data (plate, note) that only the case itself shows. */
export const decisionBrief = z.object({
  decision: decisionValue,
  /** A reason code (`clear_violation`, ...) as the UI offers them, or the words an API client sent. */
  reason: z.string(),
  decidedBy: actorRef,
  decidedAt: isoUtc,
});

const box = z.object({ x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() });

export const violationSummary = z.object({
  id: z.string(),
  ward: z.string(),
  cameraId: z.string(),
  cameraName: z.string(),
  ruleType,
  zoneId: z.string(),
  /** The zone's name for people to read; null when the installer gave it none (then show zoneId). */
  zoneName: z.string().nullable(),
  classes: z.array(z.string()),
  /** The offending object (or the group's union box), in frame fractions: where in the picture it is. */
  bbox: box,
  startedAt: isoUtc,
  triggeredAt: isoUtc,
  endedAt: isoUtc.nullable(),
  status: caseStatus,
  receivedAt: isoUtc,
  decidedAt: isoUtc.nullable(),
  /**
   * Retention deleted this case's evidence and personal data (plate, note): do not offer to play
   * or show it. The media URLs then answer 410 `media_purged`; the case's counts are kept.
   */
  purged: z.boolean(),
  purgedAt: isoUtc.nullable(),
  clipUrl: z.string(),
  snapshotUrl: z.string(),
  /** The current decision; null while pending. */
  decision: decisionBrief.nullable(),
});
export type ViolationSummary = z.infer<typeof violationSummary>;

export const violationPage = z.object({ items: z.array(violationSummary), nextCursor: z.string().nullable() });
export type ViolationPage = z.infer<typeof violationPage>;

const mediaInfo = z.object({ mime: z.string(), bytes: z.number().int(), sha256: z.string(), durationSeconds: z.number().nullable() });
/** A clip less than its window, as the agent reported it: a still of the trigger moment, or part of the window. */
const clipInfo = mediaInfo.extend({ shortfall: clipShortfall.nullable(), marks: clipMarks.nullable() });

export const decisionInfo = decisionBrief.extend({
  note: z.string().nullable(),
  plate: z.string().nullable(),
});

export const auditActions = ['decision', 'reopen', 'media_view', 'export', 'user_created', 'user_updated', 'ward_created', 'district_created', 'agent_created', 'agent_revoked', 'retention_purge',
  // The installer workflow: a one-time token handed out, spent by the agent, a config version saved (or rolled back), a camera test or search asked for.
  'agent_enrolment_issued', 'agent_enrolled', 'site_changed', 'camera_probe_requested', 'camera_search_requested'] as const;
export const auditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditAction>;

export const auditEntry = z.object({
  id: z.number().int(),
  at: isoUtc,
  /** null for actions taken by the CLI or by the console itself (retention). */
  actor: actorRef.nullable(),
  action: auditAction,
  violationId: z.string().nullable(),
  ward: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditPage = z.object({ items: z.array(auditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPage>;
export const auditQuery = z
  .object({
    violationId: z.string().max(64).optional(),
    ward: slugId.optional(),
    action: auditAction.optional(),
    /** Who acted: a username, exactly. */
    actor: z.string().min(1).max(64).optional(),
    /** Inclusive lower bound on `at`. */
    from: isoUtc.optional(),
    /** Exclusive upper bound on `at`. */
    to: isoUtc.optional(),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const violationDetail = violationSummary.extend({
  agentId: z.string(),
  agentVersion: z.string(),
  scores: z.array(z.number()),
  trackIds: z.array(z.number()),
  boxes: z.array(box),
  /** null once purged. */
  clip: clipInfo.nullable(),
  /** null once purged. */
  snapshot: mediaInfo.nullable(),
  model: z.object({ name: z.string(), sha256: z.string() }),
  /** The current decision; null while pending. */
  decision: decisionInfo.nullable(),
  /** Decisions and reopenings of this case, oldest first. */
  history: z.array(auditEntry),
});
export type ViolationDetail = z.infer<typeof violationDetail>;

/** `POST /api/violations/:id/decision` (only on a pending case; answers with the updated ViolationDetail). */
export const decisionRequest = z
  .object({
    decision: decisionValue,
    reason: z.string().trim().min(1).max(500),
    note: z.string().max(2000).optional(),
    plate: z.string().trim().max(20).optional(),
  })
  .strict();
export type DecisionRequest = z.infer<typeof decisionRequest>;

/**
 * `POST /api/violations/bulk-decision` (supervisor and admin only): dismisses a group of pending
 * cases at once, the same object reported again and again. Each case is decided and audited on
 * its own; cases already decided, or not visible, are skipped and said so. Confirming is one case
 * at a time: a confirmed case becomes a fine.
 */
export const bulkDecisionRequest = z
  .object({
    ids: z.array(z.string().max(64)).min(1).max(200),
    decision: z.literal('dismissed'),
    reason: z.string().trim().min(1).max(500),
    note: z.string().max(2000).optional(),
  })
  .strict();
export type BulkDecisionRequest = z.infer<typeof bulkDecisionRequest>;
export const bulkDecisionResult = z.object({
  decided: z.array(z.string()),
  skipped: z.array(z.object({ id: z.string(), why: z.enum(['already_decided', 'not_found']) })),
});
export type BulkDecisionResult = z.infer<typeof bulkDecisionResult>;

/** `POST /api/violations/:id/reopen` (supervisor and admin only; answers with the updated ViolationDetail). */
export const reopenRequest = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
export type ReopenRequest = z.infer<typeof reopenRequest>;

/** `GET /api/export.csv`: decided cases of [from, to); headers and words in `lang` (Vietnamese by default). */
export const exportQuery = z
  .object({ from: isoUtc, to: isoUtc, ward: slugId.optional(), camera: slugId.optional(), rule: ruleType.optional(), status: decisionValue.optional(), lang: z.enum(languages).default('vi') })
  .strict();

// ---- cameras ----
export const cameraStatus = z.object({
  agentId: z.string(),
  ward: z.string(),
  /** The ward's name, for people (an installer has no wards of their own to look it up in). */
  wardName: z.string(),
  cameraId: z.string(),
  name: z.string(),
  /** What the agent last reported. */
  reportedState: z.enum(['starting', 'up', 'down', 'stopped']),
  /** What to show: the reported state, or `down` when the agent has gone quiet (`stale`). */
  status: z.enum(['starting', 'up', 'down', 'stopped']),
  stale: z.boolean(),
  lastSeenAt: isoUtc,
  lastFrameAt: isoUtc.nullable(),
  fps: z.number(),
  lastError: z.string().nullable(),
  restarts: z.number().int(),
  /** The evidence recording, apart from detection: `failing` with its reason while clips cannot be cut. Null: not reported. */
  record: z.object({ state: recordState, lastError: z.string().nullable() }).nullable(),
  agentVersion: z.string(),
  outboxPending: z.number().int(),
});
export type CameraStatus = z.infer<typeof cameraStatus>;
export const cameraList = z.object({ items: z.array(cameraStatus) });

// ---- district dashboards ----
/*
 * Figures for a period [from, to) by triggeredAt, computed in the database. Days and hours are
 * local (Asia/Ho_Chi_Minh, UTC+7): a case triggered at 2025-06-01T17:30:00Z counts on local day
 * 2025-06-02, hour 0. Access: officers their wards, supervisors their district, admins all,
 * installers 403; a `ward` outside the caller's scope is 404.
 */
const figuresFilter = {
  from: isoUtc,
  to: isoUtc,
  ward: slugId.optional(),
  camera: slugId.optional(),
  rule: ruleType.optional(),
};
export const summaryGroupBys = ['ward', 'rule', 'camera', 'day', 'hour'] as const;
export const summaryGroupBy = z.enum(summaryGroupBys);
export type SummaryGroupBy = z.infer<typeof summaryGroupBy>;

/** `GET /api/dashboard/summary`: one table. `format=csv` (or `GET /api/dashboard/summary.csv`) answers the same rows as CSV. */
export const summaryQuery = z
  .object({ ...figuresFilter, groupBy: summaryGroupBy.default('ward'), format: z.enum(['json', 'csv']).default('json'), lang: z.enum(languages).default('vi') })
  .strict();
export type SummaryQuery = z.infer<typeof summaryQuery>;
/** `GET /api/dashboard`: every table of the dashboard page in one call. */
export const dashboardQuery = z.object(figuresFilter).strict();
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const figures = z.object({
  /** Cases triggered in the period (every status). */
  total: z.number().int(),
  /** Of those, still waiting for a decision. */
  pending: z.number().int(),
  confirmed: z.number().int(),
  dismissed: z.number().int(),
  /** confirmed / (confirmed + dismissed), rounded to 4 decimals; null when none was decided. */
  confirmationRate: z.number().nullable(),
  /**
   * Median seconds from trigger to decision of the period's decided cases (ms precision), in
   * `ward` rows and the page's `totals`; null in other tables and when nothing was decided.
   */
  medianDecisionSeconds: z.number().nullable(),
  /** Pending right now whatever the period (review backlog); null for `day` and `hour` rows. */
  backlog: z.number().int().nullable(),
});
export type Figures = z.infer<typeof figures>;

/** One row of a summary table; the fields of other dimensions are null. */
export const summaryRow = figures.extend({
  /** Unique within the table: ward id, rule type, `ward/cameraId`, `YYYY-MM-DD` or `weekday-hour`. */
  key: z.string(),
  /** `ward` and `camera` rows. */
  ward: z.string().nullable(),
  wardName: z.string().nullable(),
  /** `rule` rows. */
  ruleType: ruleType.nullable(),
  /** `camera` rows. */
  cameraId: z.string().nullable(),
  cameraName: z.string().nullable(),
  /** `day` rows: the local calendar day, every day of the period (zeros included), oldest first. */
  day: z.string().nullable(),
  /** `hour` rows (the heatmap, 7 x 24 cells, zeros included): ISO weekday 1 = Monday ... 7 = Sunday, local. */
  weekday: z.number().int().nullable(),
  /** `hour` rows: local hour of day 0-23. */
  hour: z.number().int().nullable(),
});
export type SummaryRow = z.infer<typeof summaryRow>;

/**
 * Row order: wards by id (every ward in scope, zeros included), rules in the contract's order
 * (all three unless filtered), cameras by total descending (only cameras with cases), days oldest first,
 * hours by weekday then hour.
 */
export const summaryResponse = z.object({
  from: isoUtc,
  to: isoUtc,
  timeZone: z.literal('Asia/Ho_Chi_Minh'),
  groupBy: summaryGroupBy,
  rows: z.array(summaryRow),
});
export type SummaryResponse = z.infer<typeof summaryResponse>;

export const dashboardResponse = z.object({
  from: isoUtc,
  to: isoUtc,
  timeZone: z.literal('Asia/Ho_Chi_Minh'),
  generatedAt: isoUtc,
  /** The whole period in scope. */
  totals: figures,
  wards: z.array(summaryRow),
  rules: z.array(summaryRow),
  cameras: z.array(summaryRow),
  /** The 10 cameras with the most cases (the first rows of `cameras`). */
  hotspots: z.array(summaryRow),
  daily: z.array(summaryRow),
  heatmap: z.array(summaryRow),
  /** The same figures for the period of the same length just before, to compare with. */
  previous: z.object({ from: isoUtc, to: isoUtc, totals: figures }),
  /**
   * Waiting cases against the decision deadline, per ward in scope, right now (whatever the
   * period): overdue = received more than `hours` ago and still pending.
   */
  deadline: z.object({
    hours: z.number().positive(),
    wards: z.array(z.object({ ward: z.string(), wardName: z.string(), pending: z.number().int(), overdue: z.number().int(), oldestReceivedAt: isoUtc.nullable() })),
  }),
  /** Who decided the period's cases, busiest first. */
  officers: z.array(z.object({ username: z.string(), decided: z.number().int(), confirmed: z.number().int(), dismissed: z.number().int() })),
});
export type DashboardResponse = z.infer<typeof dashboardResponse>;

// ---- administration ----
export const userSummary = z.object({
  id: z.string(),
  username: z.string(),
  role,
  wards: z.array(z.string()),
  districtId: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: isoUtc,
});
export type UserSummary = z.infer<typeof userSummary>;
export const userList = z.object({ items: z.array(userSummary) });

export const username = z.string().min(3).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, ".", "_" or "-"');
export const password = z
  .string()
  .max(256)
  .superRefine((value, ctx) => {
    const problem = weakPassword(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const createUserRequest = z
  .object({ username, password, role, wards: z.array(slugId).max(100).default([]), districtId: slugId.nullable().optional() })
  .strict();
export type CreateUserRequest = z.infer<typeof createUserRequest>;
export const updateUserRequest = z
  .object({ role: role.optional(), wards: z.array(slugId).max(100).optional(), districtId: slugId.nullable().optional(), disabled: z.boolean().optional(), password: password.optional() })
  .strict();
export type UpdateUserRequest = z.infer<typeof updateUserRequest>;

export const ward = z.object({ id: z.string(), name: z.string(), districtId: z.string().nullable(), createdAt: isoUtc });
export type Ward = z.infer<typeof ward>;
export const wardList = z.object({ items: z.array(ward) });
export const createWardRequest = z.object({ id: slugId, name: z.string().trim().min(1).max(200), districtId: slugId.nullable().optional() }).strict();
export type CreateWardRequest = z.infer<typeof createWardRequest>;

export const district = z.object({ id: z.string(), name: z.string(), wards: z.array(z.string()), createdAt: isoUtc });
export type District = z.infer<typeof district>;
export const districtList = z.object({ items: z.array(district) });
export const createDistrictRequest = z.object({ id: slugId, name: z.string().trim().min(1).max(200) }).strict();
export type CreateDistrictRequest = z.infer<typeof createDistrictRequest>;

export const agent = z.object({ id: z.string(), ward: z.string(), createdAt: isoUtc, revokedAt: isoUtc.nullable() });
export type Agent = z.infer<typeof agent>;
export const agentList = z.object({ items: z.array(agent) });
export const createAgentRequest = z.object({ id: slugId, ward: slugId }).strict();
/** The token is shown once; the console keeps only its hash. */
export const createAgentResponse = z.object({ agent, token: z.string() });
export type CreateAgentResponse = z.infer<typeof createAgentResponse>;

/** `media`: `missing` when the media store lacks the newest kept case's clip (a wrong bucket or prefix, media not moved). */
export const health = z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'down']), redis: z.enum(['ok', 'down', 'not_configured']), media: z.enum(['ok', 'down', 'missing']) });
export type Health = z.infer<typeof health>;

// ---- audit log as CSV ----
/** `GET /api/audit.csv`: the audit list's filters without paging, and the language of its headers and words. */
export const auditCsvQuery = auditQuery.omit({ cursor: true, limit: true }).extend({ lang: z.enum(languages).default('vi') }).strict();
export type AuditCsvQuery = z.infer<typeof auditCsvQuery>;
