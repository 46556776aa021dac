import type { Db, MediaTable } from '../db/tables.js';
import { appendAudit, type NewAuditEntry } from './audit.repository.js';

export interface PurgeCandidate {
  id: string;
  ward_id: string;
  camera_id: string;
  rule_type: string;
  status: string;
  decided_at: string;
}

/** The queries of the retention job: which decided cases are due, and their purge. */
export class RetentionRepository {
  constructor(private readonly db: Db) {}

  /** Unpurged cases in `status` decided before `cutoff`, oldest decision first. */
  due(status: 'confirmed' | 'dismissed', cutoff: string, limit: number): Promise<PurgeCandidate[]> {
    return this.db
      .selectFrom('violations')
      .select(['id', 'ward_id', 'camera_id', 'rule_type', 'status', 'decided_at'])
      .where('purged_at', 'is', null)
      .where('status', '=', status)
      .where('decided_at', '<', cutoff)
      .orderBy('decided_at')
      .limit(limit)
      .execute() as Promise<PurgeCandidate[]>;
  }

  /**
   * Clears the personal data and evidence references and marks the case purged, with its audit
   * entry, in one transaction. Only if the case is still as the caller saw it (a supervisor may
   * have reopened it meanwhile); false otherwise. Media rows stay until their files are deleted.
   */
  async markPurged(candidate: PurgeCandidate, at: string, audit: NewAuditEntry): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('violations')
        .set({
          purged_at: at,
          plate: null,
          decision_note: null,
          // Hashes and sizes identify the deleted files; the columns are NOT NULL, so they are blanked.
          clip_sha256: '',
          clip_bytes: 0,
          clip_duration: null,
          snapshot_sha256: '',
          snapshot_bytes: 0,
        })
        .where('id', '=', candidate.id)
        .where('status', '=', candidate.status)
        .where('decided_at', '=', candidate.decided_at)
        .where('purged_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await appendAudit(trx, audit);
      return true;
    });
  }

  /** Media rows of purged cases: files still to delete (this run's, or a crashed run's). */
  mediaOfPurged(limit: number): Promise<MediaTable[]> {
    return this.db
      .selectFrom('media')
      .innerJoin('violations', 'violations.id', 'media.violation_id')
      .selectAll('media')
      .where('violations.purged_at', 'is not', null)
      .orderBy('media.violation_id')
      .limit(limit)
      .execute();
  }

  /** Uploads no job ever claimed, stored before `createdBefore`: an agent that crashed between the two, or one filling the disk. */
  orphanMedia(createdBefore: string, limit: number): Promise<MediaTable[]> {
    return this.db
      .selectFrom('media')
      .leftJoin('violations', 'violations.id', 'media.violation_id')
      .selectAll('media')
      .where('violations.id', 'is', null)
      .where('media.created_at', '<', createdBefore)
      .orderBy('media.created_at')
      .limit(limit)
      .execute();
  }

  async forgetMedia(violationId: string, kind: string): Promise<void> {
    await this.db.deleteFrom('media').where('violation_id', '=', violationId).where('kind', '=', kind).execute();
  }
}
