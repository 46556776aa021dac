import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditQuery, violationListQuery, type AuditEntry, type ViolationSummary } from '../src/api/api-types.js';
import { migrateToLatest } from '../src/db/database.js';
import { copyDatabase, type CopyReport, type TableReport } from '../src/db/copy/copy-database.js';
import { TargetRefused, UnstorableValue } from '../src/db/copy/copy-errors.js';
import { COPIED_TABLES } from '../src/db/copy/copy-plan.js';
import { countRows } from '../src/db/copy/verify-copy.js';
import type { Db } from '../src/db/tables.js';
import { ViolationRepository } from '../src/repositories/violation.repository.js';
import { benchCase } from '../bench/bench-cases.js';
import type { Actor } from '../src/services/actor.js';
import type { ConsoleServices } from '../src/services/console-services.js';
import { DEMO_PASSWORD } from './support/app-harness.js';
import { CLI } from './support/console-stack.js';
import { actorNamed, MANAGED_AGENT, OFFICER, populateConsole, populateSmallConsole, servicesOn, type PopulatedConsole } from './support/populated-console.js';
import { postgresTarget, postgresUrl, sqliteTarget, type TestDatabase } from './support/test-databases.js';

const pgUrl = await postgresUrl();
const CASES = 10_000;

const tableOf = (report: CopyReport, name: string): TableReport => {
  const table = report.tables.find((t) => t.table === name);
  if (!table) throw new Error(`no ${name} in the report`);
  return table;
};

async function everyCase(services: ConsoleServices, actor: Actor, ward: string): Promise<ViolationSummary[]> {
  const items: ViolationSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.review.list(actor, violationListQuery.parse({ ward, limit: 200, ...(cursor ? { cursor } : {}) }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

async function everyAuditEntry(services: ConsoleServices, actor: Actor): Promise<AuditEntry[]> {
  const items: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.audit.list(actor, auditQuery.parse({ limit: 200, ...(cursor ? { cursor } : {}) }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe.skipIf(pgUrl === null)('review-console migrate: a SQLite console into PostgreSQL', () => {
  let source: TestDatabase;
  let seeded: PopulatedConsole;
  /** Another site's small console (demo wards and users only). */
  let siteB: TestDatabase;
  const opened: TestDatabase[] = [];
  const freshTarget = async () => {
    const target = await postgresTarget(pgUrl!).open({ migrate: false });
    opened.push(target);
    return target;
  };
  const copy = (target: Db, options: { batchRows?: number; onBatch?: (b: { table: string; copied: number }) => void } = {}) =>
    copyDatabase({ source: source.db, target, sourceLabel: '/srv/site-a/console.sqlite', ...options });

  beforeAll(async () => {
    source = await sqliteTarget.open();
    seeded = await populateConsole(source.db, source.dataDir, CASES);
    siteB = await sqliteTarget.open();
    await populateSmallConsole(siteB.db, siteB.dataDir);
  });
  afterAll(async () => {
    for (const database of opened) await database.close();
    await siteB?.close();
    await source?.close();
  });

  it('a console with 10,000 cases arrives whole, and the console on PostgreSQL shows the same cases, decisions and audit', async () => {
    const target = await freshTarget();
    const report = await copy(target.db);
    expect(report.mismatched).toEqual([]);
    expect(report.tables.map((t) => t.table)).toEqual(COPIED_TABLES.map((t) => t.name));
    expect(tableOf(report, 'violations').target.rows).toBe(CASES);
    for (const { name } of COPIED_TABLES) {
      const rows = await countRows(source.db, name);
      expect(rows, name).toBeGreaterThan(0);
      expect(await countRows(target.db, name), name).toBe(rows);
    }

    const lite = servicesOn(source.db, source.dataDir);
    const pg = servicesOn(target.db, source.dataDir);
    const officer = await actorNamed(target.db, OFFICER);
    expect(officer).toEqual(await actorNamed(source.db, OFFICER));
    const cases = await everyCase(pg, officer, 'ward-3');
    expect(cases).toHaveLength(CASES / 10);
    expect(cases).toEqual(await everyCase(lite, officer, 'ward-3'));

    const spotChecked = [...seeded.decided, ...cases.filter((_, i) => i % 97 === 0).map((c) => c.id)];
    for (const id of spotChecked) {
      expect(await new ViolationRepository(target.db).get(id), id).toEqual(await new ViolationRepository(source.db).get(id));
      expect(await pg.review.get(officer, id), id).toEqual(await lite.review.get(officer, id));
    }
    const reopened = await pg.review.get(officer, seeded.decided[0]!);
    expect(reopened.history.map((h) => h.action)).toEqual(['decision', 'reopen', 'decision']);
    expect(reopened).toMatchObject({ status: 'confirmed', decision: { plate: '29A-999.99', decidedBy: { username: 'giamsat' } } });
    expect((await pg.review.get(officer, seeded.decided[2]!)).decision).toMatchObject({ decision: 'confirmed', plate: '29A-102.45', note: 'xe đỗ trước cổng 2' });

    const admin = await actorNamed(target.db, 'admin');
    const audit = await everyAuditEntry(pg, admin);
    expect(audit).toHaveLength(await countRows(source.db, 'audit_log'));
    expect(audit).toEqual(await everyAuditEntry(lite, admin));
    expect(await pg.admin.listUsers()).toEqual(await lite.admin.listUsers());
    expect(await pg.admin.listDistricts()).toEqual(await lite.admin.listDistricts());
    expect(await pg.agents.list()).toEqual(await lite.agents.list());
    expect(await pg.versions.list(MANAGED_AGENT)).toEqual(await lite.versions.list(MANAGED_AGENT));
    expect(await pg.sites.view(MANAGED_AGENT)).toEqual(await lite.sites.view(MANAGED_AGENT));
    expect(await pg.cameras.list(admin)).toEqual(await lite.cameras.list(admin));
    expect(await pg.probes.snapshot(MANAGED_AGENT, seeded.probeId)).toEqual(seeded.snapshot);

    // Sessions stay behind; passwords come along.
    expect(await countRows(target.db, 'sessions')).toBe(0);
    await expect(pg.auth.authenticate(seeded.sessionToken)).rejects.toThrow(/sign in/);
    expect((await pg.auth.login('admin', DEMO_PASSWORD, '127.0.0.1')).actor.username).toBe('admin');

    // The audit sequence continues after the copied ids: deciding on PostgreSQL appends, it does not collide.
    const lastCopied = audit[0]!.id;
    const pendingCase = cases.find((c) => c.status === 'pending')!;
    const decided = await pg.review.decide(officer, pendingCase.id, { decision: 'dismissed', reason: 'owner_returned' });
    expect(decided.history.map((h) => h.action)).toEqual(['decision']);
    expect((await everyAuditEntry(pg, admin))[0]).toMatchObject({ id: lastCopied + 1, action: 'decision', violationId: pendingCase.id });
  });

  it('interrupted in the middle of the cases, a second run continues where the first stopped: same result, no duplicates', async () => {
    const target = await freshTarget();
    const powerCut = (b: { table: string; copied: number }) => {
      if (b.table === 'violations' && b.copied >= 1_500) throw new Error('power cut');
    };
    await expect(copy(target.db, { batchRows: 500, onBatch: powerCut })).rejects.toThrow('power cut');
    expect(await countRows(target.db, 'violations')).toBe(1_500);
    expect(await countRows(target.db, 'audit_log')).toBe(0);

    // Even with the progress record lost, the rows already there are skipped, not doubled.
    await sql`update wardwatch_copy set after_key = null where table_name = 'violations'`.execute(target.db);
    const resumed = await copy(target.db);
    expect(resumed.mismatched).toEqual([]);
    expect(tableOf(resumed, 'violations').inserted).toBe(CASES - 1_500);
    expect(tableOf(resumed, 'users').inserted).toBe(0);
    expect(tableOf(resumed, 'audit_log').inserted).toBe(await countRows(source.db, 'audit_log'));
    const distinct = await sql<{ n: string }>`select count(distinct id) as n from violations`.execute(target.db);
    expect(Number(distinct.rows[0]!.n)).toBe(CASES);

    const again = await copy(target.db);
    expect(again.mismatched).toEqual([]);
    expect(again.tables).toHaveLength(COPIED_TABLES.length);
    expect(again.tables.filter((t) => t.inserted !== 0)).toEqual([]);
  });

  it('a target holding another console, or a copy of another one, is refused and left as it was', async () => {
    const running = await freshTarget();
    await migrateToLatest(running.db, 'postgres');
    await populateSmallConsole(running.db, running.dataDir);
    const users = await countRows(running.db, 'users');
    const refusal = await copy(running.db).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TargetRefused);
    expect((refusal as Error).message).toMatch(/already holds console data \(table \w+ is not empty\)/);
    expect(await countRows(running.db, 'users')).toBe(users);
    expect(await countRows(running.db, 'violations')).toBe(0);

    const copyOfB = await freshTarget();
    expect((await copyDatabase({ source: siteB.db, target: copyOfB.db, sourceLabel: '/srv/site-b/console.sqlite' })).mismatched).toEqual([]);
    await expect(copy(copyOfB.db)).rejects.toThrow(/holds a copy of another console \(\/srv\/site-b\/console\.sqlite, started /);
    expect(await countRows(copyOfB.db, 'violations')).toBe(0);
    expect(await countRows(copyOfB.db, 'users')).toBe(await countRows(siteB.db, 'users'));
  });

  it('after the move a console runs on PostgreSQL: migrating again is refused before anything is written, and never advises emptying it', async () => {
    const copyB = (target: Db) => copyDatabase({ source: siteB.db, target, sourceLabel: '/srv/site-b/console.sqlite' });
    const markerOf = async (db: Db) => (await sql`select * from wardwatch_copy order by table_name`.execute(db)).rows;
    const countsOf = async (db: Db) => Promise.all(COPIED_TABLES.map(async ({ name }) => [name, await countRows(db, name)]));

    const live = await freshTarget();
    const first = await copyB(live.db);
    expect(first.mismatched).toEqual([]);
    expect(first.finishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Run again with nothing new: nothing copied, and the copy keeps the time it first finished.
    const again = await copyB(live.db);
    expect([again.mismatched, again.finishedAt, again.tables.filter((t) => t.inserted !== 0)]).toEqual([[], first.finishedAt, []]);

    await servicesOn(live.db, siteB.dataDir).admin.upsertWard(null, { id: 'moi', name: 'Phường Mới', districtId: null });
    const marker = await markerOf(live.db);
    const counts = await countsOf(live.db);
    const refusal = await copyB(live.db).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TargetRefused);
    expect((refusal as Error).message).toBe(
      `the target has moved on since the copy finished on ${first.finishedAt} (it has rows the SQLite console lacks: wards has 5 rows, the SQLite console 4; ` +
        `audit_log has ${await countRows(live.db, 'audit_log')} rows, the SQLite console ${await countRows(siteB.db, 'audit_log')}: a console runs on it). ` +
        'Nothing was written. The move is done: do not empty the target; run the console with DATABASE_URL set to this URL.',
    );
    expect(await markerOf(live.db)).toEqual(marker);
    expect(await countsOf(live.db)).toEqual(counts);

    // A marker an older release wrote records no finish: rows the SQLite console lacks still refuse it.
    await sql`alter table wardwatch_copy drop column finished_at, drop column verified_rows, drop column verified_digest`.execute(live.db);
    await expect(copyB(live.db)).rejects.toThrow(/^the target has moved on since the copy last wrote to it on \S+ \(it has rows the SQLite console lacks: wards has 5 rows, .*If a console runs on it, the move is done: do not empty the target/);
    expect(await countsOf(live.db)).toEqual(counts);

    // A change that adds no rows, or only a sign-in, is a console running on it too.
    const edited = await freshTarget();
    await copyB(edited.db);
    await sql`update users set role = 'admin' where username = 'lapdat'`.execute(edited.db);
    await expect(copyB(edited.db)).rejects.toThrow(/ \(its rows changed in users: a console runs on it\)\. Nothing was written\./);
    const signedIn = await freshTarget();
    await copyB(signedIn.db);
    await servicesOn(signedIn.db, siteB.dataDir).auth.login('admin', DEMO_PASSWORD, '127.0.0.1');
    await expect(copyB(signedIn.db)).rejects.toThrow(/ \(people have signed in on it: a console runs on it\)/);

    // An older release's finished copy that nobody used gets its finish recorded.
    const older = await freshTarget();
    await copyB(older.db);
    await sql`alter table wardwatch_copy drop column finished_at, drop column verified_rows, drop column verified_digest`.execute(older.db);
    const recorded = await copyB(older.db);
    expect([recorded.mismatched, recorded.tables.filter((t) => t.inserted !== 0)]).toEqual([[], []]);
    expect(recorded.finishedAt).toMatch(/^\d{4}-/);
    const finished = await sql<{ n: string }>`select count(*) as n from wardwatch_copy where finished_at = ${recorded.finishedAt}`.execute(older.db);
    expect(Number(finished.rows[0]!.n)).toBe(COPIED_TABLES.length);
  });

  it('a value SQLite took that PostgreSQL cannot hold stops the copy, naming the table, row and column but not the value', async () => {
    const odd = await sqliteTarget.open();
    opened.push(odd);
    await populateSmallConsole(odd.db, odd.dataDir);
    // SQLite keeps text in a numeric column when it does not look like a number.
    await sql`insert into camera_status (agent_id, camera_id, ward_id, name, state, fps, restarts, agent_version, outbox_pending, sent_at, received_at) values ('a1', 'cam-9', 'tay-ho', 'Cam', 'up', 'nhanh lắm', 0, '0.1.0', 0, 'x', 'x')`.execute(odd.db);
    const target = await freshTarget();
    const failure = copyDatabase({ source: odd.db, target: target.db, sourceLabel: 'odd' });
    await expect(failure).rejects.toBeInstanceOf(UnstorableValue);
    await expect(failure).rejects.toThrow('camera_status row ["a1","cam-9"]: column fps holds text of 9 characters, not a finite number');
    expect(await countRows(target.db, 'users')).toBe(await countRows(odd.db, 'users'));
  });

  describe('the review-console migrate command', () => {
    const cli = (args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, [CLI, 'migrate', ...args], { env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', WARDWATCH_DATA_DIR: dataDir, ...env } }, (_error, stdout, stderr) =>
          resolve({ code: child.exitCode, stdout, stderr }),
        );
      });
    /** The test server's URL with a password (trust authentication ignores it) and the target's schema. */
    const targetUrl = (schema: string, database?: string) => {
      const url = new URL(pgUrl!);
      if (!url.password) url.password = 'Not-Shown-42';
      if (database) url.pathname = `/${database}`;
      url.searchParams.set('options', `-c search_path=${schema}`);
      return { url: url.toString(), password: url.password };
    };

    it('copies the console, prints the per-table summary and exits 0, never showing the password', async () => {
      const target = await freshTarget();
      const { url, password } = targetUrl(target.schema!);
      const result = await cli(['--to', url], siteB.dataDir);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const lines = result.stdout.split('\n');
      for (const { name } of COPIED_TABLES) expect(lines.some((l) => new RegExp(`^  ${name} +\\d+ +[\\d.]+ +[\\d.]+  ok$`).test(l)), name).toBe(true);
      expect(lines.find((l) => l.trimStart().startsWith('sessions'))).toMatch(/not copied/);
      expect(result.stdout).toContain(`${COPIED_TABLES.length} of ${COPIED_TABLES.length} tables equal`);
      expect(result.stdout).toMatch(/into postgres(ql)?:\/\/[^:@/]+:\*\*\*@/);
      expect(result.stdout).not.toContain(password);
      expect(result.stdout).not.toMatch(/\b1 (new )?rows\b/);
      expect(await countRows(target.db, 'users')).toBe(await countRows(siteB.db, 'users'));
    });

    it('run again from the shell history after the console moved to PostgreSQL, it exits 1 without writing anything and never advises emptying the target', async () => {
      const target = await freshTarget();
      const { url } = targetUrl(target.schema!);
      expect((await cli(['--to', url], siteB.dataDir)).code).toBe(0);
      await servicesOn(target.db, siteB.dataDir).admin.upsertWard(null, { id: 'moi', name: 'Phường Mới', districtId: null });
      const audit = await countRows(target.db, 'audit_log');
      const result = await cli(['--to', url], siteB.dataDir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^review-console migrate: the target has moved on since the copy finished on \S+ \(it has rows the SQLite console lacks: wards has 5 rows, the SQLite console 4; .*: a console runs on it\)\. Nothing was written\. The move is done: do not empty the target; run the console with DATABASE_URL set to this URL\.\n$/);
      expect(result.stdout).not.toContain('Verified');
      expect(await countRows(target.db, 'audit_log')).toBe(audit);
    });

    it('when the SQLite console kept working after the copy, a rerun exits 1 saying it cannot repair that and how to start over; starting over gives an exact copy', async () => {
      const site = await sqliteTarget.open();
      opened.push(site);
      await populateSmallConsole(site.db, site.dataDir);
      const end = Date.parse('2026-06-01T00:00:00.000Z');
      const DAY = 86_400_000;
      const cases = (from: number, count: number, endMs: number) => Array.from({ length: count }, (_, k) => ({ ...benchCase(from + k, endMs), ward_id: 'hoan-kiem' }));
      await new ViolationRepository(site.db).insertMany(cases(0, 20, end));
      const target = await freshTarget();
      const { url } = targetUrl(target.schema!);
      expect((await cli(['--to', url], site.dataDir)).code).toBe(0);

      // The SQLite console keeps working: a case that arrives late (older than every copied one), a new case, a decision on a copied case.
      await new ViolationRepository(site.db).insertMany([...cases(100, 1, end - 100 * DAY), ...cases(101, 1, end + 100 * DAY)]);
      const decided = (await sql<{ id: string }>`select id from violations where status = 'pending' order by id limit 1`.execute(site.db)).rows[0]!.id;
      await sql`update violations set status = 'dismissed', decision = 'dismissed', decision_reason = 'owner_returned' where id = ${decided}`.execute(site.db);
      const rerun = await cli(['--to', url], site.dataDir);
      expect(rerun.code).toBe(1);
      expect(rerun.stdout).toMatch(/^ {2}copied violations: 1 new row in /m);
      expect(rerun.stdout).toMatch(/^ {2}violations +21 .* DIFFERS \(SQLite 22 rows, PostgreSQL 21\)$/m);
      expect(rerun.stderr).toContain('these tables differ between SQLite and PostgreSQL: violations. The SQLite console changed during or after the copy (SQLite has rows PostgreSQL lacks in violations): was it still running? Stop the SQLite console.');
      expect(rerun.stderr).toContain(`Start over instead: drop and recreate the target schema (psql: DROP SCHEMA "${target.schema!}" CASCADE; CREATE SCHEMA "${target.schema!}";), then run migrate again.`);
      expect(rerun.stderr).toContain('safe only because no console has run on the PostgreSQL target');
      expect(rerun.stderr).not.toMatch(/empty the target and/);

      await sql.raw(`DROP SCHEMA "${target.schema!}" CASCADE; CREATE SCHEMA "${target.schema!}";`).execute(target.db);
      const over = await cli(['--to', url], site.dataDir);
      expect([over.code, over.stderr]).toEqual([0, '']);
      expect(await countRows(target.db, 'violations')).toBe(22);
      expect(await new ViolationRepository(target.db).get(decided)).toEqual(await new ViolationRepository(site.db).get(decided));
    });

    it("a target holding another application's tables gets a one-line warning and keeps them; the help says what the target should be and lists the exit codes", async () => {
      const target = await freshTarget();
      await sql`create table invoices (id integer primary key, total numeric)`.execute(target.db);
      await sql`insert into invoices values (1, 99.5)`.execute(target.db);
      const result = await cli(['--to', targetUrl(target.schema!).url], siteB.dataDir);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("review-console migrate: warning: the target holds tables that are not WardWatch's (invoices): the console's tables go beside them; an empty database or schema of its own is meant\n");
      expect(await countRows(target.db, 'invoices')).toBe(1);

      const help = await cli(['--help'], siteB.dataDir);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('The target should be an empty database or schema of its own');
      expect(help.stdout).toContain('The table wardwatch_copy stays in the target as the record of the copy');
      expect(help.stdout).toMatch(/Exit codes:\n {2}0 {2}copied, .*\n {2}1 {2}not done: [\s\S]*\n {2}2 {2}usage: /);
    });

    it('a target it cannot reach fails with exit 1 and the password masked; bad arguments or no SQLite console are usage errors', async () => {
      const { url, password } = targetUrl('public', 'ww_no_such_database');
      const failed = await cli(['--to', url], siteB.dataDir);
      expect(failed.code).toBe(1);
      // One plain line: what failed, where (password masked), the server's words and what to do; no stack.
      expect(failed.stderr).toMatch(/^review-console migrate: cannot connect to PostgreSQL at postgres(ql)?:\/\/[^:@/]+:\*\*\*@\S+\/ww_no_such_database\S*: database "ww_no_such_database" does not exist \(SQLSTATE 3D000\)\. Create the database first \(createdb -h \S+ -p \d+ -U \S+ ww_no_such_database\), or name an existing one\.\n$/);
      expect(failed.stdout + failed.stderr).not.toContain(password);
      const refused = await cli(['--to', `postgres://postgres:${password}@127.0.0.1:1/test`], siteB.dataDir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^review-console migrate: cannot connect to PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test: connect ECONNREFUSED 127\.0\.0\.1:1\. Is PostgreSQL running at 127\.0\.0\.1:1, and does the database exist\? \(createdb -h 127\.0\.0\.1 -p 1 -U postgres test creates it\)\n$/);
      expect(refused.stdout + refused.stderr).not.toContain(password);
      const usage = await cli(['--to', 'mysql://root:hunter2@db/x'], siteB.dataDir);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--to must be a postgres:// or postgresql:// URL');
      expect(usage.stderr).not.toContain('hunter2');
      expect((await cli([], siteB.dataDir)).code).toBe(2);
      const withoutTo = await cli(['postgres://postgres:hunter2@db/x'], siteB.dataDir);
      expect(withoutTo.code).toBe(2);
      expect(withoutTo.stderr).toContain('postgres://postgres:***@db/x');
      expect(withoutTo.stderr).not.toContain('hunter2');
      const alreadyPostgres = await cli(['--to', url], siteB.dataDir, { DATABASE_URL: pgUrl! });
      expect([alreadyPostgres.code, alreadyPostgres.stderr]).toEqual([2, expect.stringContaining('DATABASE_URL is set')]);
      const noConsole = await cli(['--to', url], join(siteB.dataDir, 'nowhere'));
      expect([noConsole.code, noConsole.stderr]).toEqual([2, expect.stringContaining('there is no SQLite console at')]);
    });
  });
});
