import { createHash } from 'node:crypto';
import { PayloadTooLarge } from '../domain/errors.js';
import type { ListedMedia, MediaCursor } from '../repositories/media-inventory.repository.js';
import type { MediaStore, StagedMedia } from './media-store.js';

/** What became of one listed file in the copy pass. */
export type CopyOutcome = 'copied' | 'already_there' | 'purged' | 'missing' | 'corrupt' | 'failed';

/** Why a file is not (or not rightly) in the target: from the copy pass, or from the verification after it. */
export type MigrationProblemKind = 'missing' | 'corrupt' | 'failed' | 'absent' | 'wrong_size' | 'wrong_hash';

export interface MigrationProblem {
  violationId: string;
  kind: string;
  problem: MigrationProblemKind;
  detail: string;
}

export interface MediaMigrationReport {
  copied: number;
  copiedBytes: number;
  alreadyThere: number;
  /** Listed files of cases retention purged: never copied, on disk or not. */
  purged: number;
  /** Listed, not on disk, not in the target, case not purged: lost before the move; reported, not a failure of it. */
  missing: number;
  /** On disk, but not the bytes the database recorded: not copied. */
  corrupt: number;
  /** Errors while copying (the target refused, a read failed). */
  failed: number;
  /** Files checked in the target after the copy: size, and sha256 with verifyHashes. */
  verified: number;
  verifiedBytes: number;
  /** Verified files that were not there, or not right. */
  verifyFailed: number;
  /** Of verifyFailed: the recorded size but another sha256. A run again skips these as already there. */
  wrongHash: number;
  /** Listed after the run began (a console still running): not verified; another run copies and checks them. */
  arrivedDuringRun: number;
  /** Stopped by the signal before every file was copied, or checked. */
  interrupted: boolean;
  /** The first MAX_LISTED_PROBLEMS problems, in the order found. */
  problems: MigrationProblem[];
  problemCount: number;
  seconds: number;
}

export interface MediaMigrationOptions {
  /** The media rows, a page at a time, in key order (MediaInventoryRepository.page). */
  list: (after: MediaCursor | null, limit: number) => Promise<ListedMedia[]>;
  source: MediaStore;
  target: MediaStore;
  /** Re-read every object in the target and compare its sha256 too, not only its size. */
  verifyHashes?: boolean;
  /** Files copied at once (default 4). */
  parallel?: number;
  /** Rows per page (default 250). */
  pageSize?: number;
  /** A copy's or check's error in words for the report (default: its name and message). */
  describeError?: (error: unknown) => string;
  /** Stops taking new files (those under way finish); the report says interrupted. */
  signal?: AbortSignal;
  /** After each file of the copy pass. */
  onFile?: (file: ListedMedia, outcome: CopyOutcome) => void;
  /** After each page of the copy pass, with the counts so far. */
  onPage?: (report: MediaMigrationReport) => void;
  clock?: () => Date;
}

/** Problems named one by one; past that, only counted (the counts say the rest). */
export const MAX_LISTED_PROBLEMS = 20;
/**
 * A few copies at once keep a remote bucket busy while one waits for its round trips; each S3
 * upload holds ~15 MiB of parts (see S3MediaStore), so this stays small.
 */
const DEFAULT_PARALLEL = 4;
const DEFAULT_PAGE_SIZE = 250;

/**
 * Copies the listed evidence files from `source` to `target`, then checks that every file that
 * should be in the target is there, and right. Safe to run again: a file already in the target
 * at its recorded size is left alone, so a second run continues where an interrupted one
 * stopped. A copied file must hash to the sha256 the database recorded (the target's stage()
 * hashes what it stored); a local file that does not is corrupt and stays out of the target.
 * Nothing is ever deleted from `source`.
 */
export async function migrateMedia(options: MediaMigrationOptions): Promise<MediaMigrationReport> {
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  const report = emptyReport();
  const parallel = Math.max(1, options.parallel ?? DEFAULT_PARALLEL);
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE);
  const describe = options.describeError ?? messageOf;
  // Files already reported by the copy pass, which the verification then leaves out (one line each).
  const reported = new Set<string>();
  const problem = (file: ListedMedia, kind: MigrationProblemKind, detail: string) => {
    report.problemCount += 1;
    if (report.problems.length < MAX_LISTED_PROBLEMS) report.problems.push({ violationId: file.violationId, kind: file.kind, problem: kind, detail });
  };

  for await (const page of pages(options.list, pageSize)) {
    await eachAtMost(page, parallel, options.signal, async (file) => {
      const outcome = await copyOne(file, options.source, options.target).catch((error: unknown) => ({ outcome: 'failed' as const, detail: describe(error) }));
      switch (outcome.outcome) {
        case 'copied':
          report.copied += 1;
          report.copiedBytes += file.bytes;
          break;
        case 'already_there':
          report.alreadyThere += 1;
          break;
        case 'purged':
          report.purged += 1;
          break;
        case 'missing':
        case 'corrupt':
        case 'failed':
          report[outcome.outcome] += 1;
          reported.add(file.uri);
          problem(file, outcome.outcome, outcome.detail);
          break;
      }
      options.onFile?.(file, outcome.outcome);
    });
    if (options.signal?.aborted) {
      report.interrupted = true;
      break;
    }
    options.onPage?.({ ...report, seconds: secondsSince(startedAt, clock) });
  }

  if (!report.interrupted) {
    // Listed before the run began: the copy pass saw each of them (keyset order misses nothing older).
    const cutoff = startedAt.toISOString();
    for await (const page of pages(options.list, pageSize)) {
      await eachAtMost(page, parallel, options.signal, async (file) => {
        if (file.purged || reported.has(file.uri)) return;
        if (file.createdAt >= cutoff) {
          report.arrivedDuringRun += 1;
          return;
        }
        const found = await verifyOne(file, options.target, options.verifyHashes ?? false).catch((error: unknown) => ({ problem: 'failed' as const, detail: describe(error) }));
        if (found === null) {
          report.verified += 1;
          report.verifiedBytes += file.bytes;
        } else {
          report.verifyFailed += 1;
          if (found.problem === 'wrong_hash') report.wrongHash += 1;
          problem(file, found.problem, found.detail);
        }
      });
      if (options.signal?.aborted) {
        report.interrupted = true;
        break;
      }
    }
  }
  report.seconds = secondsSince(startedAt, clock);
  return report;
}

async function copyOne(file: ListedMedia, source: MediaStore, target: MediaStore): Promise<{ outcome: CopyOutcome; detail: string }> {
  if (file.purged) return { outcome: 'purged', detail: '' };
  const there = await target.size(file.uri);
  if (there === file.bytes) return { outcome: 'already_there', detail: '' };
  const local = await source.size(file.uri);
  if (local === null) return { outcome: 'missing', detail: 'listed in the database but not on disk, and its case was not purged' };
  if (local !== file.bytes) return { outcome: 'corrupt', detail: `the file has ${local} bytes, the database recorded ${file.bytes}; not copied` };
  let staged: StagedMedia;
  try {
    staged = await target.stage(source.read(file.uri), file.bytes);
  } catch (error) {
    if (error instanceof PayloadTooLarge) return { outcome: 'corrupt', detail: `the file grew past the ${file.bytes} bytes the database recorded while it was read; not copied` };
    throw error;
  }
  try {
    if (staged.sha256 !== file.sha256) {
      await staged.discard();
      return { outcome: 'corrupt', detail: `the file's sha256 is ${staged.sha256}, the database recorded ${file.sha256}; not copied` };
    }
    await staged.commit(file.uri);
  } catch (error) {
    await staged.discard().catch(() => undefined);
    throw error;
  }
  return { outcome: 'copied', detail: '' };
}

/** null when the target holds the file as recorded. */
async function verifyOne(file: ListedMedia, target: MediaStore, hashes: boolean): Promise<{ problem: MigrationProblemKind; detail: string } | null> {
  const size = await target.size(file.uri);
  if (size === null) return { problem: 'absent', detail: 'not in the bucket after the copy' };
  if (size !== file.bytes) return { problem: 'wrong_size', detail: `the bucket holds ${size} bytes, the database recorded ${file.bytes}` };
  if (!hashes) return null;
  const hash = createHash('sha256');
  for await (const chunk of target.read(file.uri) as AsyncIterable<Buffer>) hash.update(chunk);
  const sha256 = hash.digest('hex');
  return sha256 === file.sha256 ? null : { problem: 'wrong_hash', detail: `the bucket's object hashes to ${sha256}, the database recorded ${file.sha256}` };
}

async function* pages(list: MediaMigrationOptions['list'], pageSize: number): AsyncGenerator<ListedMedia[]> {
  let after: MediaCursor | null = null;
  for (;;) {
    const page = await list(after, pageSize);
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = { violationId: last.violationId, kind: last.kind };
  }
}

/** Runs `work` on every item, at most `parallel` at a time; once `signal` aborts, starts no more. */
async function eachAtMost<T>(items: readonly T[], parallel: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

function emptyReport(): MediaMigrationReport {
  return {
    copied: 0, copiedBytes: 0, alreadyThere: 0, purged: 0, missing: 0, corrupt: 0, failed: 0,
    verified: 0, verifiedBytes: 0, verifyFailed: 0, wrongHash: 0, arrivedDuringRun: 0, interrupted: false, problems: [], problemCount: 0, seconds: 0,
  };
}

function secondsSince(start: Date, clock: () => Date): number {
  return (clock().getTime() - start.getTime()) / 1000;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  return String(error);
}
