import type { ConfigVersionTable, Db } from '../db/tables.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { appendAudit, type NewAuditEntry } from './audit.repository.js';

const SUMMARY_COLUMNS = ['agent_id', 'version', 'created_by', 'created_at', 'note', 'rolled_back_from', 'changes'] as const;
/** A version as the list shows it: everything but the document. */
export type VersionRow = Omit<ConfigVersionTable, 'document'>;

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

  /** Up to `limit` versions of the agent below `before` (all when null), newest first, without their documents. */
  async page(agentId: string, before: number | null, limit: number): Promise<VersionRow[]> {
    let query = this.db.selectFrom('config_versions').select(SUMMARY_COLUMNS).where('agent_id', '=', agentId);
    if (before !== null) query = query.where('version', '<', before);
    const rows = await query.orderBy('version', 'desc').limit(limit).execute();
    return rows.map((row) => ({ ...row, version: Number(row.version), rolled_back_from: row.rolled_back_from === null ? null : Number(row.rolled_back_from) }));
  }

  /** Fills in the summary of a version stored before summaries were kept. */
  async storeChanges(agentId: string, version: number, changes: string): Promise<void> {
    await this.db.updateTable('config_versions').set({ changes }).where('agent_id', '=', agentId).where('version', '=', version).where('changes', 'is', null).execute();
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
