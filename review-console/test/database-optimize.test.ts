import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedBenchCases } from '../bench/bench-cases.js';
import { migrateToLatest, openDatabase } from '../src/db/database.js';

describe('planner statistics (SQLite)', () => {
  it('optimize() analyses a bulk-loaded case table, after which a period count walks the ward index instead of sorting', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ww-optimize-'));
    const database = openDatabase({ dataDir });
    try {
      await migrateToLatest(database.db, database.engine);
      const end = Date.parse('2026-11-28T00:00:00Z');
      await seedBenchCases(database.db, 3_000, end);
      const plan = async (): Promise<string> => {
        const { rows } = await sql<{ detail: string }>`explain query plan select ward_id, count(*) from violations where triggered_at >= ${new Date(end - 91 * 86_400_000).toISOString()} and triggered_at < ${new Date(end + 1).toISOString()} group by ward_id`.execute(database.db);
        return rows.map((r) => r.detail).join(' | ');
      };
      expect(await plan()).toContain('TEMP B-TREE FOR GROUP BY');
      await database.optimize();
      const { rows } = await sql<{ n: number }>`select count(*) as n from sqlite_stat1 where tbl = 'violations'`.execute(database.db);
      expect(Number(rows[0]?.n)).toBeGreaterThan(0);
      expect(await plan()).not.toContain('TEMP B-TREE FOR GROUP BY');
    } finally {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
