import type { ConfigVersionTable, Db } from '../db/tables.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { appendAudit, type NewAuditEntry } from './audit.repository.js';

function normalize(row: ConfigVersionTable): ConfigVersionTable {
  // PostgreSQL's integer comes back as a number already; this keeps both engines identical.
  return { ...row, version: Number(row.version), rolled_back_from: row.rolled_back_from === null ? null : Number(row.rolled_back_from) };
}

export class ConfigVersionRepository {
  constructor(private readonly db: Db) {}

  async latest(agentId: string): Promise<ConfigVersionTable | undefined> {
    const row = await this.db.selectFrom('config_versions').selectAll().where('agent_id', '=', agentId).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row ? normalize(row) : undefined;
  }

  async get(agentId: string, version: number): Promise<ConfigVersionTable | undefined> {
    const row = await this.db.selectFrom('config_versions').selectAll().where('agent_id', '=', agentId).where('version', '=', version).executeTakeFirst();
    return row ? normalize(row) : undefined;
  }

  /** Every version of the agent, oldest first. */
  async list(agentId: string): Promise<ConfigVersionTable[]> {
    const rows = await this.db.selectFrom('config_versions').selectAll().where('agent_id', '=', agentId).orderBy('version', 'asc').execute();
    return rows.map(normalize);
  }

  /** The newest version of every agent that has one. */
  async latestOfEach(): Promise<ConfigVersionTable[]> {
    const rows = await this.db
      .selectFrom('config_versions as v')
      .selectAll('v')
      .where((eb) => eb('v.version', '=', eb.selectFrom('config_versions as w').select((w) => w.fn.max('w.version').as('newest')).whereRef('w.agent_id', '=', 'v.agent_id')))
      .execute();
    return rows.map(normalize);
  }

  /**
   * Stores the version and its audit entry together. 'taken' when another save created this
   * version number first (the (agent, version) key settles the race).
   */
  async insert(row: ConfigVersionTable, audit: NewAuditEntry): Promise<'created' | 'taken'> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('config_versions').values(row).execute();
        await appendAudit(trx, audit);
      });
      return 'created';
    } catch (error) {
      if (isUniqueViolation(error)) return 'taken';
      throw error;
    }
  }
}
