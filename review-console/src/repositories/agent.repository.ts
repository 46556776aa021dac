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

  /**
   * Revokes the agent and spends its unspent enrolment tokens together, so no enrolment can slip
   * in between and bring it back. The tokens are spent first: an enrolment spends its token
   * before it touches the agent, and taking the rows in the same order avoids a deadlock.
   */
  async revoke(id: string, at: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('agent_enrolments').set({ spent_at: at }).where('agent_id', '=', id).where('spent_at', 'is', null).execute();
      await trx.updateTable('agents').set({ revoked_at: at }).where('id', '=', id).execute();
    });
  }

  /** A sync: the agent is talking to us now, so what it says it runs is the newest word. */
  async recordSeen(id: string, at: string, runningConfigVersion: string | undefined, configMode?: 'managed' | 'local'): Promise<void> {
    await this.db
      .updateTable('agents')
      .set({
        last_seen_at: at,
        ...(runningConfigVersion !== undefined ? { running_config_version: runningConfigVersion, running_reported_at: at } : {}),
        ...(configMode !== undefined ? { config_mode: configMode } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * A heartbeat, which may arrive late or out of order through the queue: recorded only when it
   * was sent after the last report (sync or heartbeat), so the running version never goes back.
   */
  async recordHeartbeat(id: string, receivedAt: string, sentAt: string, runningConfigVersion: string | undefined): Promise<void> {
    await this.db
      .updateTable('agents')
      .set({ last_seen_at: receivedAt, ...(runningConfigVersion !== undefined ? { running_config_version: runningConfigVersion, running_reported_at: sentAt } : {}) })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('running_reported_at', 'is', null), eb('running_reported_at', '<', sentAt)]))
      .execute();
  }
}
