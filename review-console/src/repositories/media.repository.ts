import type { Db, MediaTable } from '../db/tables.js';

export class MediaRepository {
  constructor(private readonly db: Db) {}

  get(violationId: string, kind: string): Promise<MediaTable | undefined> {
    return this.db.selectFrom('media').selectAll().where('violation_id', '=', violationId).where('kind', '=', kind).executeTakeFirst();
  }

  forViolation(violationId: string): Promise<MediaTable[]> {
    return this.db.selectFrom('media').selectAll().where('violation_id', '=', violationId).execute();
  }

  /** Insert or replace (a re-upload with new bytes before the case exists). */
  async upsert(media: MediaTable): Promise<void> {
    await this.db
      .insertInto('media')
      .values(media)
      .onConflict((oc) => oc.columns(['violation_id', 'kind']).doUpdateSet({ sha256: media.sha256, bytes: media.bytes, mime: media.mime, uri: media.uri, agent_id: media.agent_id, created_at: media.created_at }))
      .execute();
  }
}
