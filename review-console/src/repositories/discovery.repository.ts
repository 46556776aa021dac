import type { Db, DiscoveryTable } from '../db/tables.js';

export class DiscoveryRepository {
  constructor(private readonly db: Db) {}

  async insert(row: DiscoveryTable): Promise<void> {
    await this.db.insertInto('discoveries').values(row).execute();
  }

  async get(id: string): Promise<DiscoveryTable | undefined> {
    return this.db.selectFrom('discoveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * The agent's searches without a result, created at or after `notBefore`, oldest first; waiting
   * ones are marked picked. Picked ones come again: the answer that carried them may be lost.
   */
  async takeUnanswered(agentId: string, notBefore: string, at: string, limit: number): Promise<DiscoveryTable[]> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('discoveries')
        .selectAll()
        .where('agent_id', '=', agentId)
        .where('state', 'in', ['pending', 'picked'])
        .where('created_at', '>=', notBefore)
        .orderBy('created_at')
        .limit(limit)
        .execute();
      const pending = rows.filter((row) => row.state === 'pending').map((row) => row.id);
      if (pending.length > 0) await trx.updateTable('discoveries').set({ state: 'picked', picked_at: at }).where('id', 'in', pending).where('state', '=', 'pending').execute();
      return rows;
    });
  }

  /** Records the agent's answer once; false when the search already has one. */
  async finish(id: string, outcome: { state: 'ok' | 'failed'; result_json: string | null; error: string | null; finished_at: string }): Promise<boolean> {
    const result = await this.db.updateTable('discoveries').set(outcome).where('id', '=', id).where('state', 'in', ['pending', 'picked']).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Searches are looked at right after they finish: old ones go when a new one is asked for. */
  async pruneCreatedBefore(cutoff: string): Promise<void> {
    await this.db.deleteFrom('discoveries').where('created_at', '<', cutoff).execute();
  }
}
