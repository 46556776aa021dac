import { mediaUploadResponse } from '@wardwatch/contracts';
import { z } from 'zod';
import * as api from '../api/api-types.js';

type Auth = 'session' | 'agent' | 'none';
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  summary: string;
  auth: Auth;
  roles?: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A zod schema for JSON, or a media type for files. */
  response: z.ZodType | 'text/csv' | 'video/mp4' | 'image/jpeg' | 'text/plain' | null;
}

const OPERATIONS: Operation[] = [
  { method: 'post', path: '/api/auth/login', summary: 'Sign in; sets the HttpOnly session cookie', auth: 'none', body: api.loginRequest, response: api.me },
  { method: 'post', path: '/api/auth/logout', summary: 'Sign out', auth: 'session', response: null },
  { method: 'get', path: '/api/auth/me', summary: 'The signed-in user and their CSRF token', auth: 'session', response: api.me },
  { method: 'get', path: '/api/violations', summary: 'Cases in the caller\'s wards, keyset-paginated', auth: 'session', roles: 'officer, supervisor, admin', query: api.violationListQuery, response: api.violationPage },
  { method: 'get', path: '/api/violations/{id}', summary: 'One case with its decision history', auth: 'session', roles: 'officer, supervisor, admin', response: api.violationDetail },
  { method: 'post', path: '/api/violations/{id}/decision', summary: 'Confirm or dismiss a pending case', auth: 'session', roles: 'officer, supervisor, admin', body: api.decisionRequest, response: api.violationDetail },
  { method: 'post', path: '/api/violations/{id}/reopen', summary: 'Reopen a decided case', auth: 'session', roles: 'supervisor, admin', body: api.reopenRequest, response: api.violationDetail },
  { method: 'get', path: '/api/violations/{id}/clip', summary: 'Evidence clip (supports Range)', auth: 'session', roles: 'officer, supervisor, admin', response: 'video/mp4' },
  { method: 'get', path: '/api/violations/{id}/snapshot', summary: 'Evidence snapshot', auth: 'session', roles: 'officer, supervisor, admin', response: 'image/jpeg' },
  { method: 'get', path: '/api/cameras', summary: 'Camera health from agent heartbeats', auth: 'session', response: api.cameraList },
  { method: 'get', path: '/api/audit', summary: 'The append-only audit log', auth: 'session', roles: 'supervisor, admin', query: api.auditQuery, response: api.auditPage },
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
  { method: 'get', path: '/api/agents', summary: 'Registered agents', auth: 'session', roles: 'installer, admin', response: api.agentList },
  { method: 'post', path: '/api/agents', summary: 'Register an agent (or issue a new token); the token is shown once', auth: 'session', roles: 'installer, admin', body: api.createAgentRequest, response: api.createAgentResponse },
  { method: 'post', path: '/api/agents/{id}/revoke', summary: 'Revoke an agent\'s token', auth: 'session', roles: 'installer, admin', response: api.agent },
  { method: 'put', path: '/api/agent/violations/{violationId}/media/{kind}', summary: 'Agent evidence upload (raw body, X-Content-SHA256), idempotent', auth: 'agent', response: mediaUploadResponse },
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
