import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '@wardwatch/devkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORTED_CASE_MEMORY_MS, type ReportedCase } from '../../src/rules/reported-cases.js';
import { ReportedCasesFile, reportedCasesPath } from '../../src/runtime/reported-cases-file.js';
import { memoryLogger } from '../ingest/ingest-support.js';

const NOW = Date.parse('2026-11-27T12:00:00+07:00');
const box = { x1: 0.4, y1: 0.5, x2: 0.6, y2: 0.7 };
const parked = (key: string, lastSeenMs = NOW): ReportedCase => ({ zoneId: 'gate', rule: 'illegal_parking', key, box, family: 'vehicle', startedAtMs: NOW - 70_000, triggeredAtMs: NOW - 10_000, lastSeenMs });

describe('ReportedCasesFile: a camera\'s reported cases on disk', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ww-reported-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const open = (log = memoryLogger(), now = NOW) => ReportedCasesFile.open({ dataDir, cameraId: 'cam-1', logger: log.logger, clock: { now: () => now } });
  const onDisk = async (): Promise<ReportedCase[]> => (JSON.parse(await readFile(reportedCasesPath(dataDir, 'cam-1'), 'utf8')) as { cases: ReportedCase[] }).cases;

  it('what one process reported, the next one reads back', async () => {
    const first = await open();
    first.cases.remember(parked('cam-1/gate/illegal_parking/1'));
    await first.close();
    expect(reportedCasesPath(dataDir, 'cam-1')).toBe(join(dataDir, 'reported', 'cam-1.json'));

    const log = memoryLogger();
    const second = await open(log, NOW + 30_000);
    expect(second.cases.list()).toEqual([parked('cam-1/gate/illegal_parking/1')]);
    expect(log.lines().find((l) => l.event === 'reported_cases_loaded')).toMatchObject({ camera: 'cam-1', cases: 1 });
    await second.close();
  });

  it('a new case is on disk at once, a long stay\'s sightings only every few seconds, a closed case at once', async () => {
    const file = await open();
    file.cases.remember(parked('cam-1/gate/illegal_parking/1'));
    await pollUntil('the case on disk', async () => ((await onDisk().catch(() => [])).length === 1 ? true : undefined), { timeoutMs: 1_000, intervalMs: 20 });
    const written = (await stat(reportedCasesPath(dataDir, 'cam-1'))).mtimeMs;

    // Five seconds of frames at 5 fps: one write at the end, not 25.
    for (let i = 1; i <= 25; i++) file.cases.seen('gate', 'illegal_parking', 'cam-1/gate/illegal_parking/1', box, NOW + i * 200);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await stat(reportedCasesPath(dataDir, 'cam-1'))).mtimeMs).toBe(written);
    expect((await onDisk())[0]!.lastSeenMs).toBe(NOW);
    await pollUntil('the last sighting on disk', async () => ((await onDisk())[0]?.lastSeenMs === NOW + 5_000 ? true : undefined), { timeoutMs: 6_000 });

    file.cases.forget('gate', 'illegal_parking', 'cam-1/gate/illegal_parking/1');
    await pollUntil('the case gone from disk', async () => ((await onDisk()).length === 0 ? true : undefined), { timeoutMs: 1_000, intervalMs: 20 });
    await file.close();
  }, 15_000);

  it('forgets at start what was not seen within the memory limit', async () => {
    const first = await open();
    first.cases.remember(parked('cam-1/gate/illegal_parking/1', NOW - REPORTED_CASE_MEMORY_MS - 1_000));
    first.cases.remember(parked('cam-1/gate/illegal_parking/2', NOW - 60_000));
    await first.close();
    const second = await open();
    expect(second.cases.list().map((c) => c.key)).toEqual(['cam-1/gate/illegal_parking/2']);
    await second.close();
  });

  it('a damaged file is logged with the camera id and taken as empty, then replaced by the next write', async () => {
    await mkdir(join(dataDir, 'reported'), { recursive: true });
    for (const damaged of ['{"version":1,"cameraId":"cam-1","cases":[{"zoneId":', '{"version":1,"cameraId":"cam-2","cases":[]}', '[]']) {
      await writeFile(reportedCasesPath(dataDir, 'cam-1'), damaged);
      const log = memoryLogger();
      const file = await open(log);
      expect(file.cases.list()).toEqual([]);
      const line = log.lines().find((l) => l.event === 'reported_cases_unreadable');
      expect(line).toMatchObject({ camera: 'cam-1', level: 50 });
      await file.close();
    }
    const file = await open();
    file.cases.remember(parked('cam-1/gate/illegal_parking/1'));
    await file.close();
    expect(await onDisk()).toEqual([parked('cam-1/gate/illegal_parking/1')]);
  });

  it('a file it cannot read (a folder in its place) is logged and taken as empty, never a crash', async () => {
    await mkdir(reportedCasesPath(dataDir, 'cam-1'), { recursive: true });
    const log = memoryLogger();
    const file = await open(log);
    expect(file.cases.list()).toEqual([]);
    file.cases.remember(parked('cam-1/gate/illegal_parking/1'));
    await file.close();
    expect(log.lines().map((l) => [l.event, l.camera])).toEqual([['reported_cases_unreadable', 'cam-1'], ['reported_cases_write_failed', 'cam-1']]);
    // No temp file is left behind by the failed write.
    expect(await readdir(join(dataDir, 'reported'))).toEqual(['cam-1.json']);
  });
});
