import type { CameraStatusTable, Db } from '../db/tables.js';

export class CameraRepository {
  constructor(private readonly db: Db) {}

  forAgent(agentId: string): Promise<CameraStatusTable[]> {
    return this.db.selectFrom('camera_status').selectAll().where('agent_id', '=', agentId).execute();
  }

  async list(wards: string[] | null): Promise<CameraStatusTable[]> {
    let query = this.db.selectFrom('camera_status').selectAll();
    if (wards !== null) {
      if (wards.length === 0) return [];
      query = query.where('ward_id', 'in', wards);
    }
    return query.orderBy('ward_id').orderBy('camera_id').execute();
  }

  /**
   * Camera health from heartbeats, which may arrive late or out of order through the queue (and be
   * handled by several workers at once): a row only moves forward, to a report sent after the one
   * it holds, unless the one it holds claims a time still in the future (the agent's clock ran
   * ahead). ISO times of one format compare as text.
   */
  async upsertMany(rows: readonly CameraStatusTable[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const { agent_id: _a, camera_id: _c, ...changes } = row;
        await trx
          .insertInto('camera_status')
          .values(row)
          .onConflict((oc) =>
            oc
              .columns(['agent_id', 'camera_id'])
              .doUpdateSet(changes)
              // A stored report "sent" after this one was received came from a clock that ran
              // ahead (then stepped back by NTP): it must not freeze the row until that time.
              .where((eb) => eb.or([eb('camera_status.sent_at', '<', row.sent_at), eb('camera_status.sent_at', '>', row.received_at)])),
          )
          .execute();
      }
    });
  }
}
