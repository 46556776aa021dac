import type { AgentTable, Db } from '../db/tables.js';

export class AgentRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<AgentTable[]> {
    return this.db.selectFrom('agents').selectAll().orderBy('id').execute();
  }

  get(id: string): Promise<AgentTable | undefined> {
    return this.db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findActiveByTokenHash(tokenHash: string): Promise<AgentTable | undefined> {
    return this.db.selectFrom('agents').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
  }

  async insert(agent: AgentTable): Promise<void> {
    await this.db.insertInto('agents').values(agent).execute();
  }

  /** A new token for an existing agent (re-running `agents add`); the old one stops working. */
  async replaceToken(id: string, wardId: string, tokenHash: string): Promise<void> {
    await this.db.updateTable('agents').set({ token_hash: tokenHash, ward_id: wardId, revoked_at: null }).where('id', '=', id).execute();
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.db.updateTable('agents').set({ revoked_at: at }).where('id', '=', id).execute();
  }

  /** A sync or a heartbeat: when, and (when the agent said) which config it runs. */
  async recordSeen(id: string, at: string, runningConfigVersion: string | undefined): Promise<void> {
    await this.db
      .updateTable('agents')
      .set({ last_seen_at: at, ...(runningConfigVersion !== undefined ? { running_config_version: runningConfigVersion } : {}) })
      .where('id', '=', id)
      .execute();
  }
}
