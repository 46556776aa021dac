import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/database.js';
import { ConsoleMigrations } from '../src/db/migrations.js';
import { startHarness, type Harness } from './support/app-harness.js';
import { caseRow } from './support/case-rows.js';
import { databaseTargets, type DatabaseTarget } from './support/test-databases.js';

const targets = await databaseTargets();

describe.each(targets)('decision times on $name', (target: DatabaseTarget) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(target);
  });
  afterAll(async () => h?.close());

  it('a decision stores its trigger-to-decision seconds, a reopening clears them, and the ward median follows', async () => {
    const job = await h.addCase('ba-dinh', { triggeredAt: new Date(Date.now() - 120_000) });
    const admin = await h.login('admin');
    const period = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}&ward=ba-dinh`;
    const median = async () => ((await (await admin.request('GET', `/api/dashboard/summary?${period}`)).json()) as { rows: { medianDecisionSeconds: number | null }[] }).rows[0]?.medianDecisionSeconds;
    expect(await median()).toBeNull();
    expect((await admin.request('POST', `/api/violations/${job.violationId}/decision`, { body: { decision: 'confirmed', reason: 'clear_violation' } })).status).toBe(200);
    const seconds = await median();
    // Decided just now, two minutes after the trigger (the test may be slow, never faster).
    expect(seconds).toBeGreaterThanOrEqual(120);
    expect(seconds).toBeLessThan(120 + 60);
    expect((await admin.request('POST', `/api/violations/${job.violationId}/reopen`, { body: { reason: 'look again' } })).status).toBe(200);
    expect(await median()).toBeNull();
  });
});

describe.each(targets)('upgrading an existing database on $name', (target: DatabaseTarget) => {
  it('cases decided before the upgrade get their decision seconds backfilled', async () => {
    const db = await target.open({ migrate: false });
    try {
      // The first migration only, with a decided case stored by that schema.
      const migrator = new Migrator({ db: db.db, provider: new ConsoleMigrations(db.engine), ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
      const first = await migrator.migrateTo('2025-01-01-initial');
      expect(first.error).toBeUndefined();
      const { decision_seconds: _s, purged_at: _p, clip_shortfall_json: _f, clip_marks_json: _m, zone_name: _z, ...oldRow } = caseRow({ ward: 'w', camera: 'c', rule: 'littering', triggered: '2025-06-01T00:00:00.000Z', status: 'confirmed', decidedAfter: 754.25 });
      await db.db.insertInto('violations').values(oldRow).execute();
      await migrateToLatest(db.db, db.engine);
      const row = await db.db.selectFrom('violations').select(['decision_seconds', 'purged_at']).executeTakeFirstOrThrow();
      expect(Number(row.decision_seconds)).toBeCloseTo(754.25, 3);
      expect(row.purged_at).toBeNull();
    } finally {
      await db.close();
    }
  });
});
