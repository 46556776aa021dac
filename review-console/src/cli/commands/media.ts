import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { redactUrlCredentials } from '@wardwatch/contracts';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { parseS3MediaLocation } from '../../config/console-config.js';
import { migrateToLatest, openDatabase, sqliteFileIn } from '../../db/database.js';
import { LocalMediaStore } from '../../media/local-media-store.js';
import { migrateMedia, type MediaMigrationReport } from '../../media/media-migration.js';
import { describeS3Error, S3MediaStore, type S3MediaLocation } from '../../media/s3-media-store.js';
import { MediaInventoryRepository } from '../../repositories/media-inventory.repository.js';
import { configOrThrow, reportUsage, UsageError } from '../command-context.js';

const HELP = `Usage:
  review-console media migrate --to s3://BUCKET[/PREFIX] [--verify-hashes] [--parallel N]

Copies this console's evidence files (clips, snapshots, and the H.264 viewing copies the console
made) from WARDWATCH_DATA_DIR/media into an S3 bucket, where a console started with
WARDWATCH_MEDIA_URL=s3://BUCKET[/PREFIX] finds them. The files are those the console's database
lists (DATABASE_URL, or the SQLite file in WARDWATCH_DATA_DIR). The bucket must exist; it is
reached with S3_ENDPOINT (a MinIO, Ceph or Garage address; unset for AWS), S3_REGION, and
S3_ACCESS_KEY_ID with S3_SECRET_ACCESS_KEY (unset both for the AWS SDK's default credentials).

Each file is checked as it goes up against the sha256 the database recorded: one that differs is
corrupt, named, and not copied. Files of cases the retention policy purged are not copied. Files
the database lists that are not on disk are named as missing. At the end, every file that should
be in the bucket is checked there by size (--verify-hashes: re-read and hashed too, slower) and the
counts are printed, then the problems by name.

Run it again at any time: a file already in the bucket at its recorded size is skipped, so an
interrupted run (Ctrl-C) continues where it stopped. It may run while the console does; then stop
the console and its worker and run it once more for what arrived meanwhile.

It never deletes the local files. Afterwards set WARDWATCH_MEDIA_URL and the same S3_* settings
for the console and its worker, restart them, check that cases' clips play, and only then delete
WARDWATCH_DATA_DIR/media yourself (not the rest of the folder: the database and keys are there).

Options:
  --to s3://BUCKET[/PREFIX]  where the files go (what WARDWATCH_MEDIA_URL will say)
  --verify-hashes            re-read every object in the bucket and compare its sha256
  --parallel N               files copied at once, 1 to 16 (default 4)

Exit status:
  0  every file on disk is in the bucket and verified. Files the database lists that were
     already missing from disk are named, and do not change this.
  1  the move is not complete: a file is corrupt, failed to copy or to verify, or arrived while
     it ran; the run was interrupted; or an error stopped it part-way (the database, say). The
     problems are named; fix them and run again.
  2  nothing was copied: the command line or the settings are wrong (an unknown action or
     option, --to not s3://BUCKET, S3_* settings that do not go together, no console database),
     or the bucket cannot be reached at the start (no such bucket, access denied, no connection).

Example:
  S3_ENDPOINT=http://minio.ward.lan:9000 S3_ACCESS_KEY_ID=console S3_SECRET_ACCESS_KEY=... \\
    WARDWATCH_DATA_DIR=/var/lib/wardwatch review-console media migrate --to s3://ward-evidence/hoan-kiem`;

/** The S3 settings describe migrate's target here, not where this console keeps its media now. */
const TARGET_SETTINGS = { WARDWATCH_MEDIA_URL: undefined, S3_ENDPOINT: undefined, S3_REGION: undefined, S3_ACCESS_KEY_ID: undefined, S3_SECRET_ACCESS_KEY: undefined };
/** Each copy to S3 holds ~15 MiB of parts in memory (see S3MediaStore). */
const MAX_PARALLEL = 16;

export const mediaCommand: Command = {
  name: 'media',
  summary: 'Move evidence files into an S3 bucket (media migrate --to s3://...)',
  help: HELP,
  async run(args) {
    // The key pair once it is known, and a password in DATABASE_URL, whatever error quotes them.
    let scrub = redactUrlCredentials;
    try {
      const [action, ...rest] = args;
      if (action !== 'migrate') throw new UsageError(`unknown action "${action ?? ''}"\n\n${HELP}`);
      const { values } = parseArgs({ args: rest, options: { to: { type: 'string' }, 'verify-hashes': { type: 'boolean' }, parallel: { type: 'string' } }, strict: true });
      if (values.to === undefined) throw new UsageError(`--to is required\n\n${HELP}`);
      const parallel = values.parallel === undefined ? undefined : Number(values.parallel);
      if (parallel !== undefined && !(Number.isInteger(parallel) && parallel >= 1 && parallel <= MAX_PARALLEL)) throw new UsageError(`--parallel must be a whole number from 1 to ${MAX_PARALLEL}`);
      const target = parseS3MediaLocation(values.to, process.env, '--to');
      if (!target.ok) throw new UsageError(`the target has problems:\n${target.errors.map((e) => `  - ${e}`).join('\n')}`);
      const hideKeys = credentialScrubber(target.location);
      scrub = (text) => redactUrlCredentials(hideKeys(text));
      const config = configOrThrow(TARGET_SETTINGS);
      if (!config.databaseUrl && !existsSync(sqliteFileIn(config.dataDir))) {
        throw new UsageError(`there is no console database at ${sqliteFileIn(config.dataDir)} (set WARDWATCH_DATA_DIR to the console's data folder, and DATABASE_URL if it runs on PostgreSQL)`);
      }
      return await migrate({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, target: target.location, verifyHashes: values['verify-hashes'] ?? false, parallel, scrub });
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
        process.stderr.write(`review-console media: ${(error as Error).message}\n`);
        return ExitCode.usage;
      }
      const code = reportUsage('media', error);
      if (code !== null) return code;
      process.stderr.write(`review-console media migrate: ${scrub(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
      return ExitCode.failure;
    }
  },
};

interface MigrateRun {
  dataDir: string;
  databaseUrl: string | undefined;
  target: S3MediaLocation;
  verifyHashes: boolean;
  parallel: number | undefined;
  scrub: (text: string) => string;
}

async function migrate(run: MigrateRun): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const bucket = new S3MediaStore(run.target);
  const database = openDatabase({ databaseUrl: run.databaseUrl, dataDir: run.dataDir });
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const where = bucket.describe();
    const shown = `s3://${where.bucket}/${where.prefix} (${where.endpoint})`;
    const describeError = (error: unknown) => describeS3Error(error, where);
    await bucket.checkBucket().catch((error: unknown) => {
      throw new UsageError(`the bucket ${shown} cannot be reached with these settings: ${run.scrub(describeError(error))}`);
    });
    // Every console start brings the database to the latest schema; the listing needs it there too.
    await migrateToLatest(database.db, database.engine);
    const inventory = new MediaInventoryRepository(database.db);
    out(`Copying the evidence files in ${join(run.dataDir, 'media')} to ${shown}${run.verifyHashes ? ', then checking every object by size and sha256' : ''}`);
    const report = await migrateMedia({
      list: (after, limit) => inventory.page(after, limit),
      source: new LocalMediaStore(run.dataDir),
      target: bucket,
      verifyHashes: run.verifyHashes,
      parallel: run.parallel,
      describeError,
      signal: stop.signal,
      onPage: (so) => out(`  ${so.copied + so.alreadyThere + so.purged + so.missing + so.corrupt + so.failed} files looked at: ${so.copied} copied, ${so.alreadyThere} already there`),
    });
    for (const line of summary(report, run.verifyHashes)) out(line);
    return finish(report, join(run.dataDir, 'media'), run.scrub);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    bucket.close();
    await database.close();
  }
}

function summary(report: MediaMigrationReport, verifyHashes: boolean): string[] {
  const row = (label: string, count: number, note = '') => `  ${label.padEnd(15)}${String(count).padStart(8)}${note ? `  ${note}` : ''}`;
  return [
    `${report.interrupted ? 'Interrupted' : 'Done'} in ${report.seconds.toFixed(1)} s:`,
    row('copied', report.copied, megabytes(report.copiedBytes)),
    row('already there', report.alreadyThere),
    row('purged', report.purged, 'cases the retention policy purged: not copied'),
    row('missing', report.missing, 'listed in the database, not on disk'),
    row('corrupt', report.corrupt, 'not the sha256 the database recorded: not copied'),
    row('failed', report.failed),
    ...(report.interrupted ? [] : [row('verified', report.verified, `${megabytes(report.verifiedBytes)} in the bucket, ${verifyHashes ? 'by size and sha256' : 'by size'}`)]),
    ...(report.verifyFailed > 0 ? [row('not verified', report.verifyFailed)] : []),
  ];
}

/** Names the problems (the first ones), then in one line what each kind means and what to do, and picks the exit code. */
function finish(report: MediaMigrationReport, mediaDir: string, scrub: (text: string) => string): number {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  for (const p of report.problems) err(`  ${p.problem.padEnd(10)} ${p.violationId} ${p.kind}: ${scrub(p.detail)}`);
  if (report.problemCount > report.problems.length) err(`  ... and ${report.problemCount - report.problems.length} more`);
  const { missing, corrupt, failed, verifyFailed, wrongHash, arrivedDuringRun } = report;
  const lost = [
    missing > 0 ? `${files(missing)} the database lists ${be(missing)} missing from disk` : '',
    corrupt > 0 ? `${files(corrupt)} ${be(corrupt)} corrupt (not the size or sha256 the database recorded) and ${corrupt === 1 ? 'was' : 'were'} not copied` : '',
  ].filter((part) => part !== '');
  // What a lost file means for its case, and the fix: the bucket never gets a copy on its own.
  const restore = lost.length > 0
    ? `${missing + corrupt === 1 ? 'its case' : 'their cases'} will show "no file" once the console reads from the bucket: restore ${missing + corrupt === 1 ? 'that file' : 'those files'} from a backup into ${mediaDir} and run this again`
    : '';
  const unfinished = [
    report.interrupted ? 'the run was interrupted before every file was copied and checked: run the same command again to continue' : '',
    failed > 0 ? `${files(failed)} failed to copy: run again to retry` : '',
    verifyFailed > wrongHash ? `${files(verifyFailed - wrongHash)} ${be(verifyFailed - wrongHash)} not verified in the bucket (absent, the wrong size, or the check failed): run again to copy or check ${verifyFailed - wrongHash === 1 ? 'it' : 'them'} again` : '',
    wrongHash > 0 ? `${files(wrongHash)} in the bucket ${be(wrongHash)} the recorded size with another sha256: delete ${wrongHash === 1 ? 'that object' : 'those objects'} from the bucket and run again` : '',
    arrivedDuringRun > 0 ? `${files(arrivedDuringRun)} arrived while this ran: stop the console and its worker and run again` : '',
  ].filter((part) => part !== '');
  const lostLine = lost.length > 0 ? `${lost.join(', and ')}; ${restore}.` : '';
  if (corrupt > 0 || unfinished.length > 0) {
    err(`review-console media migrate: not every file is in the bucket. ${[...unfinished.map((part) => `${part}.`), lostLine].filter((part) => part !== '').map(capitalise).join(' ')} The local files are untouched.`);
    return ExitCode.failure;
  }
  process.stdout.write(
    `Every evidence file on disk is in the bucket.${lostLine ? ` But ${lostLine}` : ''} ` +
      'Next: set WARDWATCH_MEDIA_URL and the same S3_* settings for the console and its worker, restart them, check that clips play, then delete the media folder.\n',
  );
  return ExitCode.ok;
}

/** "1 file", "2 files". */
function files(count: number): string {
  return `${count} ${count === 1 ? 'file' : 'files'}`;
}

function be(count: number): string {
  return count === 1 ? 'is' : 'are';
}

function capitalise(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** The SDK's messages may quote what it was given; the key pair never reaches the terminal. */
function credentialScrubber(location: S3MediaLocation): (text: string) => string {
  const secrets = location.credentials ? [location.credentials.secretAccessKey, location.credentials.accessKeyId] : [];
  return (text) => secrets.reduce((acc, secret) => acc.split(secret).join('***'), text);
}
