import type { AgentEnrolmentTable, Db } from '../db/tables.js';

export class EnrolmentRepository {
  constructor(private readonly db: Db) {}

  /** A new token for the agent; any older unspent one is spent, so only the newest works. */
  async issue(row: AgentEnrolmentTable): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('agent_enrolments').set({ spent_at: row.created_at }).where('agent_id', '=', row.agent_id).where('spent_at', 'is', null).execute();
      await trx.insertInto('agent_enrolments').values(row).execute();
    });
  }

  find(tokenHash: string): Promise<AgentEnrolmentTable | undefined> {
    return this.db.selectFrom('agent_enrolments').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Agents holding an unspent, unexpired token. */
  async agentsWithPendingTokens(nowIso: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('agent_enrolments').select('agent_id').distinct().where('spent_at', 'is', null).where('expires_at', '>', nowIso).execute();
    return new Set(rows.map((r) => r.agent_id));
  }

  /**
   * Spends the token and gives the agent its own token, in one transaction. 'spent' when the
   * token was spent meanwhile (two boxes enrolling with the same token: only one wins);
   * 'revoked' when the agent was revoked at or after the token was issued: only a token issued
   * after a revocation brings an agent back.
   */
  async redeem(tokenHash: string, agentId: string, agentTokenHash: string, at: string): Promise<'enrolled' | 'spent' | 'revoked'> {
    return this.db.transaction().execute(async (trx) => {
      const spent = await trx.updateTable('agent_enrolments').set({ spent_at: at }).where('token_hash', '=', tokenHash).where('spent_at', 'is', null).returning('created_at').executeTakeFirst();
      if (!spent) return 'spent';
      const enrolled = await trx
        .updateTable('agents')
        .set({ token_hash: agentTokenHash, enrolled_at: at, revoked_at: null })
        .where('id', '=', agentId)
        .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '<', spent.created_at)]))
        .executeTakeFirst();
      return Number(enrolled.numUpdatedRows) === 1 ? 'enrolled' : 'revoked';
    });
  }
}
