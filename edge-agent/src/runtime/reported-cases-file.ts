import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ruleType } from '@wardwatch/contracts';
import { z } from 'zod';
import type { Clock } from '../ingest/clock.js';
import type { Logger } from '../log/logger.js';
import { durableRename, fsyncPath } from '../outbox/durable-fs.js';
import { ReportedCases, type CaseChange } from '../rules/reported-cases.js';

/*
 * A long stay moves its case's last sighting on every frame; writing that down every few seconds
 * is enough, since a restart only needs to know the case was live within REPORTED_CASE_MEMORY_MS.
 * A new or closed case is written at once: losing it to a crash is a second report or a lost one.
 */
const SEEN_WRITE_MS = 5_000;

const box = z.object({ x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() }).strict();
const reportedCasesFileV1 = z
  .object({
    version: z.literal(1),
    cameraId: z.string(),
    cases: z.array(
      z
        .object({
          zoneId: z.string(),
          rule: ruleType,
          key: z.string(),
          box,
          family: z.string(),
          startedAtMs: z.number(),
          triggeredAtMs: z.number(),
          lastSeenMs: z.number(),
        })
        .strict(),
    ),
  })
  .strict();

export function reportedCasesPath(dataDir: string, cameraId: string): string {
  return join(dataDir, 'reported', `${cameraId}.json`);
}

export interface ReportedCasesFileOptions {
  dataDir: string;
  cameraId: string;
  logger: Logger;
  clock: Clock;
}

/**
 * One camera's reported cases on disk, `<dataDir>/reported/<camera id>.json`: read once when the
 * camera first runs, then written whenever they change (atomically: temp file, fsync, rename),
 * so that the next process goes on with the same cases. A file that cannot be read is logged and
 * taken as empty; a failed write is logged and tried again with the next change.
 */
export class ReportedCasesFile {
  private readonly unsubscribe: () => void;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    readonly cases: ReportedCases,
    private readonly path: string,
    private readonly log: Logger,
  ) {
    this.unsubscribe = cases.onChange((change) => this.changed(change));
  }

  static async open(options: ReportedCasesFileOptions): Promise<ReportedCasesFile> {
    const path = reportedCasesPath(options.dataDir, options.cameraId);
    const log = options.logger.child({ camera: options.cameraId });
    const cases = new ReportedCases(options.cameraId, await readCases(path, options.cameraId, log));
    cases.expire(options.clock.now());
    if (cases.list().length > 0) log.info({ event: 'reported_cases_loaded', cases: cases.list().length }, 'cases reported before the restart are remembered');
    return new ReportedCasesFile(cases, path, log);
  }

  /** Writes what is not on disk yet and stops following changes (the camera's analysis is over). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private changed(change: CaseChange): void {
    this.dirty = true;
    if (change === 'seen' || change === 'expired') {
      // Unref'd: a process on its way out writes what is left in close(), not after a wait.
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, SEEN_WRITE_MS).unref();
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.flush();
  }

  /** One write at a time; changes made during a write are written right after it. */
  private flush(): Promise<void> {
    if (!this.dirty) return this.writing ?? Promise.resolve();
    this.writing ??= this.drain();
    return this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        // A failed write is tried again with the next change, not in a loop against a full disk.
        if (!(await this.write())) return;
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Temp file, fsync, rename, fsync of the folder: after a crash the file is the old version or the new one. */
  private async write(): Promise<boolean> {
    const file = { version: 1 as const, cameraId: this.cases.cameraId, cases: this.cases.list() };
    // One writer per file (the camera's one ReportedCasesFile), so one temp name will do.
    const tmp = `${this.path}.tmp`;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(tmp, JSON.stringify(file));
      await fsyncPath(tmp);
      await durableRename(tmp, this.path);
      return true;
    } catch (error) {
      await rm(tmp, { force: true }).catch(() => undefined);
      this.dirty = true;
      this.log.error({ event: 'reported_cases_write_failed', file: this.path, err: error }, 'cannot write the reported cases; a restart may report them again');
      return false;
    }
  }
}

async function readCases(path: string, cameraId: string, log: Logger): Promise<z.infer<typeof reportedCasesFileV1>['cases']> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    log.error({ event: 'reported_cases_unreadable', file: path, err: error }, 'cannot read the reported cases; starting without them');
    return [];
  }
  try {
    const file = reportedCasesFileV1.parse(JSON.parse(text));
    if (file.cameraId !== cameraId) throw new Error(`the file is camera ${file.cameraId}'s`);
    return file.cases;
  } catch (error) {
    log.error({ event: 'reported_cases_unreadable', file: path, err: error }, 'the reported cases file is damaged; starting without them');
    return [];
  }
}
