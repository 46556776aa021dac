import type { Db, MediaTable } from '../db/tables.js';

export class MediaRepository {
  constructor(private readonly db: Db) {}

  get(violationId: string, kind: string): Promise<MediaTable | undefined> {
    return this.db.selectFrom('media').selectAll().where('violation_id', '=', violationId).where('kind', '=', kind).executeTakeFirst();
  }

  forViolation(violationId: string): Promise<MediaTable[]> {
    return this.db.selectFrom('media').selectAll().where('violation_id', '=', violationId).execute();
  }

  /** Bytes an agent uploaded for cases whose job has not arrived (yet). */
  async unclaimedBytes(agentId: string): Promise<number> {
    const row = await this.db
      .selectFrom('media')
      .leftJoin('violations', 'violations.id', 'media.violation_id')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('media.bytes'), eb.lit(0)).as('bytes'))
      .where('media.agent_id', '=', agentId)
      .where('violations.id', 'is', null)
      .executeTakeFirst();
    return Number(row?.bytes ?? 0);
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
