import { z } from 'zod';
import type { AuditPage, auditQuery } from '../api/api-types.js';
import { InvalidInput } from '../domain/errors.js';
import type { AuditRepository } from '../repositories/audit.repository.js';
import { requireRole, type AccessService } from './access.service.js';
import type { Actor } from './actor.js';
import { toAuditEntry } from './violation-view.js';

export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly access: AccessService,
  ) {}

  /** Supervisors see their district's entries; admins see everything, user administration included. */
  async list(actor: Actor, query: z.infer<typeof auditQuery>): Promise<AuditPage> {
    requireRole(actor, ['supervisor', 'admin'], 'read the audit log');
    const wards = await this.access.narrow(actor, query.ward);
    const beforeId = query.cursor === undefined ? undefined : Number(query.cursor);
    if (beforeId !== undefined && (!Number.isSafeInteger(beforeId) || beforeId < 1)) throw new InvalidInput('the cursor is not valid');
    const rows = await this.audit.list({ wards, violationId: query.violationId, action: query.action, beforeId, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return { items: page.map(toAuditEntry), nextCursor: rows.length > query.limit && last ? String(last.id) : null };
  }
}
