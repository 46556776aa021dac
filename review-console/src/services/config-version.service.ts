import type { VersionDetail, VersionSummary } from '../api/site-api-types.js';
import type { ConfigVersionTable } from '../db/tables.js';
import { NotFound } from '../domain/errors.js';
import { diffSites, summarizeChanges } from '../domain/site-diff.js';
import type { AgentRepository } from '../repositories/agent.repository.js';
import type { ConfigVersionRepository } from '../repositories/config-version.repository.js';
import { documentOf } from './site-view.js';

function toSummary(row: ConfigVersionTable, changes: string[]): VersionSummary {
  return { version: row.version, createdAt: row.created_at, createdBy: row.created_by, note: row.note, rolledBackFrom: row.rolled_back_from, changes };
}

/** The history of an agent's config: each version against the one before it. */
export class ConfigVersionService {
  constructor(
    private readonly agents: AgentRepository,
    private readonly versions: ConfigVersionRepository,
  ) {}

  /** Newest first. */
  async list(agentId: string): Promise<VersionSummary[]> {
    await this.assertAgent(agentId);
    const rows = await this.versions.list(agentId);
    const out: VersionSummary[] = [];
    let before: ConfigVersionTable | undefined;
    for (const row of rows) {
      out.push(toSummary(row, summarizeChanges(diffSites(documentOf(before), documentOf(row)))));
      before = row;
    }
    return out.reverse();
  }

  async detail(agentId: string, version: number): Promise<VersionDetail> {
    await this.assertAgent(agentId);
    const row = await this.versions.get(agentId, version);
    if (!row) throw new NotFound(`agent ${agentId} has no version ${version}`);
    const before = version > 1 ? await this.versions.get(agentId, version - 1) : undefined;
    const diff = diffSites(documentOf(before), documentOf(row));
    return { summary: toSummary(row, summarizeChanges(diff)), diff };
  }

  private async assertAgent(agentId: string): Promise<void> {
    if (!(await this.agents.get(agentId))) throw new NotFound('no such agent');
  }
}
