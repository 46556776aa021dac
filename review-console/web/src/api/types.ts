/*
 * The API's JSON types, taken from the server's own schemas so the UI cannot drift from them.
 * Type-only: nothing of the server (zod included) reaches the browser bundle.
 */
export type {
  AuditEntry, BulkDecisionRequest, BulkDecisionResult, CameraStatus, CaseStatus, DashboardResponse, DecisionRequest, ErrorBody, Figures, ListStatus, Me, Role, SummaryGroupBy, SummaryResponse, SummaryRow,
  ViolationDetail, ViolationPage, ViolationSummary, WardRef,
} from '../../../src/api/api-types.js';
import type { ViolationSummary } from '../../../src/api/api-types.js';

export type RuleType = ViolationSummary['ruleType'];
/** Every rule type, in the order lists show them: the contracts' own list (plain strings, no schema). */
export { ruleTypes as RULE_TYPES } from '@wardwatch/contracts/rule-types';

/* The installer API (agents, their cameras and zones, config versions, probes, camera searches). */
export type {
  AgentEnrolment, AgentOverview, CameraView, ChangeItem, DiffLine, DiscoveryRequest, DiscoveryView, ProbeRequest, ProbeView, SaveCameraRequest, SiteChange, SiteView, VersionDetail, VersionPage, VersionSummary,
} from '../../../src/api/site-api-types.js';
