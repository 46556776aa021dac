import { discoveryResult, enrolRequest, enrolResponse, mediaUploadResponse, probeResult, syncResponse } from '@wardwatch/contracts';
import { z } from 'zod';
import * as api from '../api/api-types.js';
import * as site from '../api/site-api-types.js';

type Auth = 'session' | 'agent' | 'none';
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: Auth;
  roles?: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A zod schema for JSON, or a media type for files. */
  response: z.ZodType | 'text/csv' | 'video/mp4' | 'image/jpeg' | 'text/plain' | null;
}

const INSTALLER = 'installer, admin';
/** The installer workflow (site-api-types.ts). */
const INSTALLER_OPERATIONS: Operation[] = [
  { method: 'get', path: '/api/agents', summary: 'Agents with their enrolment and config state (lagging agents flagged)', auth: 'session', roles: INSTALLER, response: site.agentOverviewList },
  { method: 'get', path: '/api/agents/wards', summary: 'The wards an agent can belong to', auth: 'session', roles: INSTALLER, response: z.object({ items: z.array(api.wardRef) }) },
  { method: 'post', path: '/api/agents', summary: 'Create an agent and its one-time enrolment token (shown once, valid 24 h)', auth: 'session', roles: INSTALLER, body: api.createAgentRequest, response: site.agentEnrolment },
  { method: 'post', path: '/api/agents/{id}/enrolment', summary: 'A fresh one-time enrolment token (older unused ones stop working)', auth: 'session', roles: INSTALLER, response: site.agentEnrolment },
  { method: 'post', path: '/api/agents/{id}/revoke', summary: 'Revoke an agent\'s token', auth: 'session', roles: INSTALLER, response: site.agentOverview },
  { method: 'get', path: '/api/agents/{id}/site', summary: 'The agent\'s cameras and zones (newest version); URLs without credentials', auth: 'session', roles: INSTALLER, response: site.siteView },
  { method: 'put', path: '/api/agents/{id}/cameras/{cameraId}', summary: 'Add or change a camera: a new version (400 lists the schema\'s problems, 409 on a stale baseVersion)', auth: 'session', roles: INSTALLER, body: site.saveCameraRequest, response: site.siteChange },
  { method: 'delete', path: '/api/agents/{id}/cameras/{cameraId}', summary: 'Remove a camera: a new version', auth: 'session', roles: INSTALLER, query: z.object({ baseVersion: z.number().int().nonnegative() }), response: site.siteChange },
  { method: 'get', path: '/api/agents/{id}/versions', summary: 'Config versions, newest first, 50 at a time (`before`, `limit`), with their changes in words', auth: 'session', roles: INSTALLER, query: site.versionListQuery, response: site.versionList },
  { method: 'get', path: '/api/agents/{id}/versions/{version}', summary: 'One version and its diff against the version before', auth: 'session', roles: INSTALLER, response: site.versionDetail },
  { method: 'post', path: '/api/agents/{id}/versions/{version}/rollback', summary: 'A new version with the content of this one', auth: 'session', roles: INSTALLER, body: site.rollbackRequest, response: site.siteChange },
  { method: 'post', path: '/api/agents/{id}/probes', summary: 'Ask the agent to test a stream (202; poll the probe)', auth: 'session', roles: INSTALLER, body: site.probeRequest, response: z.object({ probeId: z.string() }) },
  { method: 'get', path: '/api/agents/{id}/probes/{probeId}', summary: 'A camera test: pending, ok, failed or expired', auth: 'session', roles: INSTALLER, response: site.probeView },
  { method: 'get', path: '/api/agents/{id}/probes/{probeId}/snapshot', summary: 'The frame the camera test grabbed', auth: 'session', roles: INSTALLER, response: 'image/jpeg' },
  { method: 'post', path: '/api/agents/{id}/discoveries', summary: 'Ask the agent to find ONVIF cameras on its network (202; poll the search)', auth: 'session', roles: INSTALLER, body: site.discoveryRequest, response: z.object({ discoveryId: z.string() }) },
  { method: 'get', path: '/api/agents/{id}/discoveries/{discoveryId}', summary: 'A camera search: pending, ok (the cameras and their streams), failed or expired', auth: 'session', roles: INSTALLER, response: site.discoveryView },
];

const OPERATIONS: Operation[] = [
  { method: 'post', path: '/api/auth/login', summary: 'Sign in; sets the HttpOnly session cookie', auth: 'none', body: api.loginRequest, response: api.me },
  { method: 'post', path: '/api/auth/logout', summary: 'Sign out', auth: 'session', response: null },
  { method: 'get', path: '/api/auth/me', summary: 'The signed-in user and their CSRF token', auth: 'session', response: api.me },
  { method: 'get', path: '/api/violations', summary: 'Cases in the caller\'s wards, keyset-paginated', auth: 'session', roles: 'officer, supervisor, admin', query: api.violationListQuery, response: api.violationPage },
  { method: 'get', path: '/api/violations/{id}', summary: 'One case with its decision history', auth: 'session', roles: 'officer, supervisor, admin', response: api.violationDetail },
  { method: 'post', path: '/api/violations/bulk-decision', summary: 'Dismiss a group of pending cases at once (each audited on its own)', auth: 'session', roles: 'supervisor, admin', body: api.bulkDecisionRequest, response: api.bulkDecisionResult },
  { method: 'post', path: '/api/violations/{id}/decision', summary: 'Confirm or dismiss a pending case', auth: 'session', roles: 'officer, supervisor, admin', body: api.decisionRequest, response: api.violationDetail },
  { method: 'post', path: '/api/violations/{id}/reopen', summary: 'Reopen a decided case', auth: 'session', roles: 'supervisor, admin', body: api.reopenRequest, response: api.violationDetail },
  { method: 'get', path: '/api/violations/{id}/clip', summary: 'Evidence clip (supports Range)', auth: 'session', roles: 'officer, supervisor, admin', response: 'video/mp4' },
  { method: 'get', path: '/api/violations/{id}/snapshot', summary: 'Evidence snapshot', auth: 'session', roles: 'officer, supervisor, admin', response: 'image/jpeg' },
  { method: 'get', path: '/api/violations/{id}/crop', summary: 'The offending object cut out of the snapshot (?size=thumb: 160 px wide, the default; large: up to 640 px)', auth: 'session', roles: 'officer, supervisor, admin', response: 'image/jpeg' },
  { method: 'get', path: '/api/cameras', summary: 'Camera health from agent heartbeats', auth: 'session', response: api.cameraList },
  { method: 'get', path: '/api/audit', summary: 'The append-only audit log', auth: 'session', roles: 'supervisor, admin', query: api.auditQuery, response: api.auditPage },
  { method: 'get', path: '/api/audit.csv', summary: 'The audit log as CSV, newest first (at most 50,000 rows), headers and words in `lang`', auth: 'session', roles: 'supervisor, admin', query: api.auditCsvQuery, response: 'text/csv' },
  { method: 'get', path: '/api/export.csv', summary: 'Cases decided in [from, to) as CSV', auth: 'session', roles: 'officer, supervisor, admin', query: api.exportQuery, response: 'text/csv' },
  { method: 'get', path: '/api/dashboard', summary: 'Every dashboard table for a period (local days and hours, Asia/Ho_Chi_Minh)', auth: 'session', roles: 'officer, supervisor, admin', query: api.dashboardQuery, response: api.dashboardResponse },
  { method: 'get', path: '/api/dashboard/summary', summary: 'One dashboard table grouped by ward, rule, camera, day or hour (format=csv for CSV)', auth: 'session', roles: 'officer, supervisor, admin', query: api.summaryQuery, response: api.summaryResponse },
  { method: 'get', path: '/api/dashboard/summary.csv', summary: 'One dashboard table as CSV', auth: 'session', roles: 'officer, supervisor, admin', query: api.summaryQuery, response: 'text/csv' },
  { method: 'get', path: '/api/admin/users', summary: 'Users', auth: 'session', roles: 'admin', response: api.userList },
  { method: 'post', path: '/api/admin/users', summary: 'Create a user', auth: 'session', roles: 'admin', body: api.createUserRequest, response: api.userSummary },
  { method: 'patch', path: '/api/admin/users/{id}', summary: 'Change a user', auth: 'session', roles: 'admin', body: api.updateUserRequest, response: api.userSummary },
  { method: 'get', path: '/api/admin/wards', summary: 'Wards', auth: 'session', roles: 'admin', response: api.wardList },
  { method: 'post', path: '/api/admin/wards', summary: 'Create or update a ward', auth: 'session', roles: 'admin', body: api.createWardRequest, response: api.ward },
  { method: 'get', path: '/api/admin/districts', summary: 'Districts (groups of wards)', auth: 'session', roles: 'admin', response: api.districtList },
  { method: 'post', path: '/api/admin/districts', summary: 'Create a district', auth: 'session', roles: 'admin', body: api.createDistrictRequest, response: api.district },
  ...INSTALLER_OPERATIONS,
  { method: 'put', path: '/api/agent/violations/{violationId}/media/{kind}', summary: 'Agent evidence upload (raw body, X-Content-SHA256), idempotent', auth: 'agent', response: mediaUploadResponse },
  { method: 'post', path: '/api/agent/enrol', summary: 'Agent: trade a one-time enrolment token for the agent\'s own token (rate limited)', auth: 'none', body: enrolRequest, response: enrolResponse },
  { method: 'get', path: '/api/agent/sync', summary: 'Agent: the newest managed config when `have` is older, and waiting camera tests and searches; records `running`', auth: 'agent', query: z.object({ have: z.number().int().nonnegative(), running: z.string().optional() }), response: syncResponse },
  { method: 'post', path: '/api/agent/probes/{probeId}/result', summary: 'Agent: the outcome of a camera test', auth: 'agent', body: probeResult, response: null },
  { method: 'post', path: '/api/agent/discoveries/{discoveryId}/result', summary: 'Agent: the cameras a search found', auth: 'agent', body: discoveryResult, response: null },
  { method: 'put', path: '/api/agent/probes/{probeId}/snapshot', summary: 'Agent: the frame a camera test grabbed (raw image/jpeg body)', auth: 'agent', response: null },
  { method: 'get', path: '/healthz', summary: 'Liveness and dependencies', auth: 'none', response: api.health },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics', auth: 'none', response: 'text/plain' },
];

function schema(type: z.ZodType): unknown {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function queryParameters(query: z.ZodType): unknown[] {
  const json = schema(query) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: property }));
}

/** OpenAPI 3.1 document built from the same zod schemas the routes validate with. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const content =
      op.response === null ? undefined : typeof op.response === 'string' ? { [op.response]: { schema: { type: 'string', format: 'binary' } } } : { 'application/json': { schema: schema(op.response) } };
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      ...(op.roles ? { description: `Roles: ${op.roles}.` } : {}),
      security: op.auth === 'session' ? [{ session: [] }] : op.auth === 'agent' ? [{ agentToken: [] }] : [],
      parameters: [...pathParams, ...(op.query ? queryParameters(op.query) : [])],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(op.body) } } } } : {}),
      responses: {
        [op.response === null ? '204' : '200']: { description: 'OK', ...(content ? { content } : {}) },
        default: { description: 'Error', content: { 'application/json': { schema: schema(api.errorBody) } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'WardWatch review console', version: '1', description: 'State-changing requests with the session cookie need the X-CSRF-Token header from /api/auth/me.' },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'ww_session' },
        agentToken: { type: 'http', scheme: 'bearer' },
      },
    },
  };
}
