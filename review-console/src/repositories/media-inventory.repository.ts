import type { Db } from '../db/tables.js';

/** One evidence file the console lists, and whether retention has deleted its case's evidence. */
export interface ListedMedia {
  violationId: string;
  kind: string;
  /** The media key it is stored under (`media/<violationId>/<kind>`). */
  uri: string;
  sha256: string;
  bytes: number;
  createdAt: string;
  /** The case was purged by retention: its files are deleted, or about to be. */
  purged: boolean;
}

/** Where a walk of the media table stopped: the last (violation id, kind) it returned. */
export interface MediaCursor {
  violationId: string;
  kind: string;
}

/** Every media row in key order, a page at a time, for walks over all the evidence (moving it elsewhere). */
export class MediaInventoryRepository {
  constructor(private readonly db: Db) {}

  /**
   * Up to `limit` rows after `after`, in (violation id, kind) order: keyset pagination on the
   * primary key, so a page costs the same deep into millions of rows and rows added meanwhile
   * are neither skipped nor repeated. An upload whose case has not arrived yet counts as kept.
   */
  async page(after: MediaCursor | null, limit: number): Promise<ListedMedia[]> {
    let query = this.db
      .selectFrom('media')
      .leftJoin('violations', 'violations.id', 'media.violation_id')
      .select(['media.violation_id', 'media.kind', 'media.uri', 'media.sha256', 'media.bytes', 'media.created_at', 'violations.purged_at'])
      .orderBy('media.violation_id')
      .orderBy('media.kind')
      .limit(limit);
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('media.violation_id', '>', after.violationId), eb.and([eb('media.violation_id', '=', after.violationId), eb('media.kind', '>', after.kind)])]),
      );
    }
    const rows = await query.execute();
    return rows.map((row) => ({
      violationId: row.violation_id,
      kind: row.kind,
      uri: row.uri,
      sha256: row.sha256,
      // PostgreSQL's driver may hand integers back as strings.
      bytes: Number(row.bytes),
      createdAt: row.created_at,
      purged: row.purged_at !== null && row.purged_at !== undefined,
    }));
  }
}
