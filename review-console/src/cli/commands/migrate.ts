import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { redactUrlCredentials } from '@wardwatch/contracts';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, sqliteFileIn } from '../../db/database.js';
import { copyDatabase, type CopyReport, type TableCopy } from '../../db/copy/copy-database.js';
import { CopyError } from '../../db/copy/copy-errors.js';
import { SKIPPED_TABLES } from '../../db/copy/copy-plan.js';
import { counted, mismatchAdvice } from '../../db/copy/copy-wording.js';
import { failedDuringCopy, unreachable } from '../../db/copy/target-failure.js';
import { parseTargetUrl, type TargetUrl } from '../../db/copy/target-url.js';
import { configOrThrow, reportUsage, UsageError } from '../command-context.js';

const HELP = `Usage: review-console migrate --to postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?options]

Copies this console's SQLite database (WARDWATCH_DATA_DIR/console.sqlite, DATABASE_URL unset)
into PostgreSQL: creates the tables there, copies every table in batches, then compares both
sides table by table (row counts and a digest of every row) and prints a summary.

The target should be an empty database or schema of its own (createdb wardwatch; a schema is
named by the URL's options=-c search_path=SCHEMA). Tables of another application there are
warned about and left alone; another console's data, or a copy of another console, is refused.
The table wardwatch_copy stays in the target as the record of the copy: where it came from,
how far it got and when it was verified.

Stop the console and its worker first. Interrupted, run the same command again: it continues
after the last copied row. It cannot pick up what the SQLite console changes meanwhile (rows
added between copied ones, changes to copied rows): the verification then fails and says how
to start over. Once the copy is verified and a console runs on PostgreSQL, running migrate
again is refused without writing anything. Sign-in sessions are not copied; everyone signs in
again. The SQLite file keeps its data, for going back (like every start of the console,
migrate first brings it to the latest schema).

Afterwards start the console with DATABASE_URL set to the same URL and the same
WARDWATCH_DATA_DIR: the key that seals camera logins stays there, and so do the evidence files
unless they are kept in object storage.

Exit codes:
  0  copied, and every table verified equal on both sides (also a rerun with nothing left to copy)
  1  not done: the target was refused or could not be reached (nothing was written), the copy
     failed partway (run it again to continue), or tables differ after the copy (named, with
     what to do)
  2  usage: --to missing or not a postgres:// URL, DATABASE_URL set, no SQLite console in
     WARDWATCH_DATA_DIR, or a bad configuration

Example:
  WARDWATCH_DATA_DIR=/var/lib/wardwatch review-console migrate --to postgres://wardwatch@db.local/wardwatch`;

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Move this console from SQLite to PostgreSQL (migrate --to postgres://...)',
  help: HELP,
  async run(args) {
    let target: TargetUrl | null = null;
    try {
      const { values } = parseArgs({ args, options: { to: { type: 'string' } }, strict: true });
      if (values.to === undefined) throw new UsageError(`--to is required\n\n${HELP}`);
      target = parseTargetUrl(values.to);
      if (!target) throw new UsageError('--to must be a postgres:// or postgresql:// URL');
      const config = configOrThrow();
      if (config.databaseUrl) throw new UsageError('DATABASE_URL is set: this console already runs on PostgreSQL. migrate copies the SQLite console in WARDWATCH_DATA_DIR; unset DATABASE_URL to run it');
      const file = sqliteFileIn(config.dataDir);
      if (!existsSync(file)) throw new UsageError(`there is no SQLite console at ${file} (set WARDWATCH_DATA_DIR to the console's data folder)`);
      return await migrate(file, config.dataDir, target);
    } catch (error) {
      // Every message may quote the URL (`migrate postgres://…` without --to is an unexpected
      // argument; the driver may quote its settings): never the password. A refusal needs no stack.
      const scrub = target?.scrub ?? redactUrlCredentials;
      if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
        process.stderr.write(`review-console migrate: ${scrub((error as Error).message)}\n`);
        return ExitCode.usage;
      }
      const code = reportUsage('migrate', error);
      if (code !== null) return code;
      const known = error instanceof CopyError ? error : failedDuringCopy(error);
      const text = known ? known.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`review-console migrate: ${scrub(text)}\n`);
      return ExitCode.failure;
    }
  },
};

async function migrate(file: string, dataDir: string, target: TargetUrl): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const source = openDatabase({ dataDir });
  const destination = openDatabase({ databaseUrl: target.url, dataDir });
  try {
    // The console migrates its SQLite file at every start; the copy needs it at the schema it creates in PostgreSQL.
    await migrateToLatest(source.db, source.engine);
    try {
      await sql`select 1`.execute(destination.db);
    } catch (error) {
      throw unreachable(error, target);
    }
    out(`Copying the SQLite console ${file} into ${target.shown}`);
    const report = await copyDatabase({
      source: source.db,
      target: destination.db,
      sourceLabel: file,
      onTableCopied: (copy) => out(copyLine(copy)),
      onWarning: (text) => process.stderr.write(`review-console migrate: warning: ${target.scrub(text)}\n`),
    });
    for (const line of summary(report)) out(line);
    if (report.mismatched.length > 0) {
      process.stderr.write(
        `review-console migrate: after the copy these tables differ between SQLite and PostgreSQL: ${report.mismatched.join(', ')}. ${mismatchAdvice(report.tables, report.place)}\n`,
      );
      return ExitCode.failure;
    }
    out(`Next: start the console with DATABASE_URL=${target.shown} and the same WARDWATCH_DATA_DIR.`);
    return ExitCode.ok;
  } finally {
    await Promise.all([source.close(), destination.close()]);
  }
}

function copyLine(copy: TableCopy): string {
  return `  copied ${copy.table}: ${counted(copy.inserted, 'new row')} in ${copy.seconds.toFixed(2)} s`;
}

function summary(report: CopyReport): string[] {
  const row = (cells: string[]) => `  ${cells[0]!.padEnd(18)}${cells.slice(1, 4).map((c) => c.padStart(10)).join('')}  ${cells[4] ?? ''}`;
  const lines = ['Verified (row count and a digest of every row, both sides):', row(['table', 'rows', 'copy s', 'verify s', 'result'])];
  for (const t of report.tables) {
    const result = t.matches ? 'ok' : t.source.rows === t.target.rows ? 'DIFFERS (content)' : `DIFFERS (SQLite ${counted(t.source.rows, 'row')}, PostgreSQL ${t.target.rows})`;
    lines.push(row([t.table, String(t.target.rows), t.seconds.toFixed(2), t.verifySeconds.toFixed(2), result]));
  }
  for (const skipped of SKIPPED_TABLES) lines.push(row([skipped.name, '-', '-', '-', skipped.why]));
  const rows = report.tables.reduce((sum, t) => sum + t.target.rows, 0);
  const same = report.tables.length - report.mismatched.length;
  lines.push(`${same} of ${counted(report.tables.length, 'table')} equal; ${counted(rows, 'row')} in ${report.seconds.toFixed(1)} s.`);
  return lines;
}
