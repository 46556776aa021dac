import type { Db, ProbeTable } from '../db/tables.js';

export type ProbeRow = Omit<ProbeTable, 'snapshot'> & { has_snapshot: boolean };

/** The columns of a probe without its JPEG (lists and views do not need the bytes). */
const COLUMNS = ['id', 'agent_id', 'url_sealed', 'transport', 'state', 'created_at', 'created_by', 'picked_at', 'finished_at', 'stream_json', 'error'] as const;

export class ProbeRepository {
  constructor(private readonly db: Db) {}

  async insert(row: ProbeTable): Promise<void> {
    await this.db.insertInto('probes').values(row).execute();
  }

  async get(id: string): Promise<ProbeRow | undefined> {
    const row = await this.db
      .selectFrom('probes')
      .select(COLUMNS)
      .select((eb) => eb.case().when('snapshot', 'is not', null).then(1).else(0).end().as('has_snapshot'))
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { ...row, has_snapshot: Number(row.has_snapshot) === 1 } : undefined;
  }

  /**
   * The agent's probes without a result, created at or after `notBefore`, oldest first: waiting
   * ones are marked picked (the installer's page then knows the agent was sent them), and ones
   * picked before come again, since the answer that carried them may never have arrived.
   */
  async takeUnanswered(agentId: string, notBefore: string, at: string, limit: number): Promise<ProbeRow[]> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('probes')
        .select(COLUMNS)
        .where('agent_id', '=', agentId)
        .where('state', 'in', ['pending', 'picked'])
        .where('created_at', '>=', notBefore)
        .orderBy('created_at')
        .limit(limit)
        .execute();
      const pending = rows.filter((row) => row.state === 'pending').map((row) => row.id);
      if (pending.length > 0) await trx.updateTable('probes').set({ state: 'picked', picked_at: at }).where('id', 'in', pending).where('state', '=', 'pending').execute();
      return rows.map((row) => (row.state === 'pending' ? { ...row, state: 'picked', picked_at: at, has_snapshot: false } : { ...row, has_snapshot: false }));
    });
  }

  /** Records the agent's answer once; false when the probe already has one. */
  async finish(id: string, outcome: { state: 'ok' | 'failed'; stream_json: string | null; error: string | null; finished_at: string }): Promise<boolean> {
    const result = await this.db.updateTable('probes').set(outcome).where('id', '=', id).where('state', 'in', ['pending', 'picked']).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async storeSnapshot(id: string, jpeg: Buffer): Promise<void> {
    await this.db.updateTable('probes').set({ snapshot: jpeg }).where('id', '=', id).execute();
  }

  async snapshot(id: string): Promise<Buffer | null> {
    const row = await this.db.selectFrom('probes').select('snapshot').where('id', '=', id).executeTakeFirst();
    return row?.snapshot ? Buffer.from(row.snapshot) : null;
  }

  /** Probes are short-lived: old ones (and their JPEGs) go when a new one is asked for. */
  async pruneCreatedBefore(cutoff: string): Promise<void> {
    await this.db.deleteFrom('probes').where('created_at', '<', cutoff).execute();
  }
}
