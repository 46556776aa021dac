import type { Logger } from 'pino';
import type { MediaTable } from '../db/tables.js';
import type { MediaStore } from '../media/media-store.js';
import type { PurgeCandidate, RetentionRepository } from '../repositories/retention.repository.js';

export interface RetentionPolicy {
  /** Dismissed cases lose their evidence and personal data this many days after the decision. */
  dismissedDays: number;
  /** Confirmed cases, likewise (longer: a fine may be contested). */
  confirmedDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { dismissedDays: 30, confirmedDays: 365 };

export interface PurgeReport {
  at: string;
  /** Cases purged in this run. */
  purged: { id: string; ward: string; status: string; decidedAt: string }[];
  /** Evidence files deleted in this run (this run's cases, and any a crashed run left behind). */
  filesDeleted: number;
  /** True when the batch limit stopped the run early; the next run carries on. */
  more: boolean;
}

const DAY_MS = 86_400_000;
/** Bounds one run's work, so an hourly job on a large backlog finishes well inside the hour. */
const DEFAULT_MAX_PER_RUN = 5_000;
const BATCH = 200;
/** How long an upload waits for its job before it is taken for an orphan (see deleteOrphans). */
const ORPHAN_DAYS = 7;

/**
 * Deletes the evidence files and personal data (plate, note, media references) of decided cases
 * once they are older than the policy, and keeps what the dashboards count: ward, camera, rule,
 * times, status and decision. Pending cases are never touched. Every purged case is logged and
 * gets an audit entry. The clock is passed in so tests can move time.
 */
export class RetentionService {
  constructor(
    private readonly retention: RetentionRepository,
    private readonly store: MediaStore,
    private readonly policy: RetentionPolicy,
    private readonly clock: () => Date,
    private readonly logger: Logger,
  ) {}

  cutoffs(now: Date): { dismissed: string; confirmed: string } {
    return {
      dismissed: new Date(now.getTime() - this.policy.dismissedDays * DAY_MS).toISOString(),
      confirmed: new Date(now.getTime() - this.policy.confirmedDays * DAY_MS).toISOString(),
    };
  }

  async purgeDue(options: { maxCases?: number } = {}): Promise<PurgeReport> {
    const now = this.clock();
    const at = now.toISOString();
    const cutoffs = this.cutoffs(now);
    const max = options.maxCases ?? DEFAULT_MAX_PER_RUN;
    const purged: PurgeReport['purged'] = [];
    let more = false;
    for (const status of ['dismissed', 'confirmed'] as const) {
      for (;;) {
        const room = max - purged.length;
        if (room <= 0) {
          more = true;
          break;
        }
        const batch = await this.retention.due(status, cutoffs[status], Math.min(BATCH, room));
        for (const candidate of batch) {
          if (await this.purgeOne(candidate, at, status === 'dismissed' ? this.policy.dismissedDays : this.policy.confirmedDays)) {
            purged.push({ id: candidate.id, ward: candidate.ward_id, status: candidate.status, decidedAt: candidate.decided_at });
          }
        }
        if (batch.length < Math.min(BATCH, room)) break;
      }
    }
    const filesDeleted = (await this.deleteFiles()) + (await this.deleteOrphans(now));
    if (purged.length > 0 || filesDeleted > 0) this.logger.info({ purged: purged.length, filesDeleted, more, cutoffs }, 'retention run finished');
    return { at, purged, filesDeleted, more };
  }

  private async purgeOne(candidate: PurgeCandidate, at: string, days: number): Promise<boolean> {
    const ok = await this.retention.markPurged(candidate, at, {
      at,
      actor: null,
      action: 'retention_purge',
      violationId: candidate.id,
      ward: candidate.ward_id,
      before: { status: candidate.status, decidedAt: candidate.decided_at },
      after: { purged: ['clip', 'snapshot', 'plate', 'note'], policyDays: days },
    });
    if (ok) this.logger.info({ violationId: candidate.id, ward: candidate.ward_id, camera: candidate.camera_id, status: candidate.status, decidedAt: candidate.decided_at, policyDays: days }, 'retention: case purged');
    return ok;
  }

  /**
   * Evidence uploaded for a case whose job never came, after ORPHAN_DAYS: the agent sends the job
   * seconds after the upload (its outbox retries for as long as it takes), so a week-old orphan
   * is an agent that lost it, or a token filling the disk.
   */
  private deleteOrphans(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - ORPHAN_DAYS * DAY_MS).toISOString();
    return this.deleteMedia(
      () => this.retention.orphanMedia(cutoff, BATCH),
      (file) => this.logger.warn({ violationId: file.violation_id, kind: file.kind, agent: file.agent_id, bytes: Number(file.bytes), uploadedAt: file.created_at }, 'retention: evidence no case ever claimed deleted'),
    );
  }

  /** Files go after the database says the case is purged, so a crash in between leaves work for the next run, never a half-purged case. */
  private deleteFiles(): Promise<number> {
    return this.deleteMedia(
      () => this.retention.mediaOfPurged(BATCH),
      (file) => this.logger.info({ violationId: file.violation_id, kind: file.kind, bytes: Number(file.bytes) }, 'retention: evidence file deleted'),
    );
  }

  /** Deletes each file `next` lists, then its row, BATCH at a time until a batch comes back short; how many. */
  private async deleteMedia(next: () => Promise<MediaTable[]>, logDeleted: (file: MediaTable) => void): Promise<number> {
    let deleted = 0;
    for (;;) {
      const media = await next();
      for (const file of media) {
        await this.store.delete(file.uri);
        await this.retention.forgetMedia(file.violation_id, file.kind);
        logDeleted(file);
        deleted += 1;
      }
      if (media.length < BATCH) return deleted;
    }
  }
}
