import type { BulkDecisionRequest, BulkDecisionResult, DecisionRequest, ReopenRequest, ViolationDetail, ViolationListQuery, ViolationPage } from '../api/api-types.js';
import { decodeCursor, encodeCursor } from '../domain/cursor.js';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../domain/errors.js';
import type { ConsoleMetrics } from '../metrics/console-metrics.js';
import type { AuditRepository } from '../repositories/audit.repository.js';
import type { UserRepository } from '../repositories/user.repository.js';
import type { ViolationRepository } from '../repositories/violation.repository.js';
import type { ViolationTable } from '../db/tables.js';
import type { AccessService } from './access.service.js';
import { isSupervisorOrAbove, type Actor } from './actor.js';
import { decisionState, toDetail, toSummary } from './violation-view.js';
import { VIEWING_COPY_KIND } from '../media/media-store.js';
import type { MediaRepository } from '../repositories/media.repository.js';

const HISTORY_ACTIONS = ['decision', 'reopen'] as const;
const VIOLATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ReviewServiceDeps {
  violations: ViolationRepository;
  audit: AuditRepository;
  users: UserRepository;
  access: AccessService;
  metrics: ConsoleMetrics;
  clock: () => Date;
  media: MediaRepository;
}

export class ReviewService {
  constructor(private readonly deps: ReviewServiceDeps) {}

  async list(actor: Actor, query: ViolationListQuery): Promise<ViolationPage> {
    const wards = await this.deps.access.narrow(actor, query.ward);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (after === null) throw new InvalidInput('the cursor is not valid; start again from the first page');
    const rows = await this.deps.violations.list({
      wards,
      status: query.status,
      camera: query.camera,
      rule: query.rule,
      from: query.from === undefined ? undefined : new Date(query.from).toISOString(),
      to: query.to === undefined ? undefined : new Date(query.to).toISOString(),
      after,
      order: query.order,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return { items: page.map((row) => toSummary(row, row.decided_by_username)), nextCursor: rows.length > query.limit && last ? encodeCursor({ t: last.triggered_at, id: last.id }) : null };
  }

  /** The case, if the actor may see it; otherwise NotFound, exactly as for a case that does not exist. */
  async visibleCase(actor: Actor, id: string): Promise<ViolationTable> {
    const scope = await this.deps.access.caseWards(actor);
    if (!VIOLATION_ID.test(id)) throw new NotFound('no such case');
    const row = await this.deps.violations.get(id);
    if (!row || (scope !== null && !scope.includes(row.ward_id))) throw new NotFound('no such case');
    return row;
  }

  async get(actor: Actor, id: string): Promise<ViolationDetail> {
    return this.detail(await this.visibleCase(actor, id));
  }

  async decide(actor: Actor, id: string, request: DecisionRequest): Promise<ViolationDetail> {
    const row = await this.visibleCase(actor, id);
    if (row.status !== 'pending') throw new Conflict(`this case was already ${row.status}; a supervisor can reopen it`);
    if (!(await this.record(actor, row, request))) throw new Conflict('someone else decided this case a moment ago; reload it');
    return this.get(actor, id);
  }

  /** Dismisses many pending cases, each decided and audited on its own (see bulkDecisionRequest). */
  async decideMany(actor: Actor, request: BulkDecisionRequest): Promise<BulkDecisionResult> {
    if (!isSupervisorOrAbove(actor)) throw new Forbidden('only a supervisor can decide cases in bulk');
    const result: BulkDecisionResult = { decided: [], skipped: [] };
    for (const id of new Set(request.ids)) {
      let row: ViolationTable;
      try {
        row = await this.visibleCase(actor, id);
      } catch (error) {
        if (!(error instanceof NotFound)) throw error;
        result.skipped.push({ id, why: 'not_found' });
        continue;
      }
      const decided = row.status === 'pending' && (await this.record(actor, row, { decision: request.decision, reason: request.reason, ...(request.note === undefined ? {} : { note: request.note }) }, request.ids.length));
      if (decided) result.decided.push(id);
      else result.skipped.push({ id, why: 'already_decided' });
    }
    return result;
  }

  /** Records a decision on a pending case; false when it was decided meanwhile. `group`: the size of the bulk decision it is part of. */
  private async record(actor: Actor, row: ViolationTable, request: DecisionRequest, group?: number): Promise<boolean> {
    const now = this.deps.clock();
    const after = { status: request.decision, decision: request.decision, reason: request.reason, note: request.note ?? null, plate: request.plate ?? null, ...(group === undefined ? {} : { group }) };
    const id = row.id;
    const changed = await this.deps.violations.changeStatus({
      id,
      fromStatus: 'pending',
      toStatus: request.decision,
      decision: request.decision,
      reason: request.reason,
      note: request.note ?? null,
      plate: request.plate ?? null,
      decidedBy: actor.id,
      decidedAt: now.toISOString(),
      decisionSeconds: (now.getTime() - Date.parse(row.triggered_at)) / 1000,
      audit: { at: now.toISOString(), actor, action: 'decision', violationId: id, ward: row.ward_id, before: decisionState(row), after },
    });
    if (changed) this.deps.metrics.decisionLatency.observe({ decision: request.decision }, Math.max(0, (now.getTime() - Date.parse(row.received_at)) / 1000));
    return changed;
  }

  async reopen(actor: Actor, id: string, request: ReopenRequest): Promise<ViolationDetail> {
    const row = await this.visibleCase(actor, id);
    if (!isSupervisorOrAbove(actor)) throw new Forbidden('only a supervisor can reopen a decided case');
    if (row.status === 'pending') throw new Conflict('this case is already pending');
    if (row.purged_at !== null) throw new Conflict('this case\'s evidence was deleted by the retention policy; it cannot be reviewed again');
    const now = this.deps.clock();
    const changed = await this.deps.violations.changeStatus({
      id,
      fromStatus: row.status,
      toStatus: 'pending',
      decision: null,
      reason: null,
      note: null,
      plate: null,
      decidedBy: null,
      decidedAt: null,
      decisionSeconds: null,
      audit: { at: now.toISOString(), actor, action: 'reopen', violationId: id, ward: row.ward_id, before: decisionState(row), after: { status: 'pending', reason: request.reason } },
    });
    if (!changed) throw new Conflict('this case changed a moment ago; reload it');
    return this.get(actor, id);
  }

  private async detail(row: ViolationTable): Promise<ViolationDetail> {
    const history = await this.deps.audit.forViolation(row.id, HISTORY_ACTIONS);
    const decidedBy = row.decided_by ? await this.deps.users.findById(row.decided_by) : undefined;
    const copy = await this.deps.media.get(row.id, VIEWING_COPY_KIND);
    return toDetail(row, history, decidedBy?.username ?? null, copy?.sha256);
  }
}
