import type { ChangeItem, VersionDetail, VersionPage, VersionSummary } from '../api/site-api-types.js';
import { NotFound } from '../domain/errors.js';
import { changeLine, diffSites, parseChangeLine, summarizeChanges, summarizeChangeItems } from '../domain/site-diff.js';
import type { AgentRepository } from '../repositories/agent.repository.js';
import type { ConfigVersionRepository, VersionRow } from '../repositories/config-version.repository.js';
import { documentOf } from './site-view.js';

/** A page of the list: enough for the history panel; older ones are asked for with `before`. */
export const DEFAULT_VERSION_PAGE = 50;

/** A version's summary from its change items; `changes` are the same items as English lines. */
function toSummary(row: VersionRow, changeItems: ChangeItem[]): VersionSummary {
  return { version: row.version, createdAt: row.created_at, createdBy: row.created_by, note: row.note, rolledBackFrom: row.rolled_back_from, changes: changeItems.map(changeLine), changeItems };
}

/** The history of an agent's config: each version against the one before it. */
export class ConfigVersionService {
  constructor(
    private readonly agents: AgentRepository,
    private readonly versions: ConfigVersionRepository,
  ) {}

  /**
   * Newest first, `limit` at a time, below version `before` when given. Summaries are stored with
   * each version; one stored before they were is worked out once and kept.
   */
  async list(agentId: string, page: { before?: number; limit?: number } = {}): Promise<VersionPage> {
    await this.assertAgent(agentId);
    const limit = page.limit ?? DEFAULT_VERSION_PAGE;
    const rows = await this.versions.page(agentId, page.before ?? null, limit);
    const items: VersionSummary[] = [];
    // Stored lines are read back as items (exact for every line summarizeChanges wrote).
    for (const row of rows) items.push(toSummary(row, (row.changes === null ? await this.backfill(row) : (JSON.parse(row.changes) as string[])).map(parseChangeLine)));
    const last = rows[rows.length - 1];
    return { items, nextBefore: rows.length === limit && last !== undefined && last.version > 1 ? last.version : null };
  }

  async detail(agentId: string, version: number): Promise<VersionDetail> {
    await this.assertAgent(agentId);
    const row = await this.versions.get(agentId, version);
    if (!row) throw new NotFound(`agent ${agentId} has no version ${version}`);
    const before = version > 1 ? await this.versions.get(agentId, version - 1) : undefined;
    const diff = diffSites(documentOf(before), documentOf(row));
    return { summary: toSummary(row, summarizeChangeItems(diff)), diff };
  }

  private async backfill(row: VersionRow): Promise<string[]> {
    const [before, current] = await Promise.all([row.version > 1 ? this.versions.get(row.agent_id, row.version - 1) : undefined, this.versions.get(row.agent_id, row.version)]);
    const changes = summarizeChanges(diffSites(documentOf(before), documentOf(current)));
    await this.versions.storeChanges(row.agent_id, row.version, JSON.stringify(changes));
    return changes;
  }

  private async assertAgent(agentId: string): Promise<void> {
    if (!(await this.agents.get(agentId))) throw new NotFound('no such agent');
  }
}
