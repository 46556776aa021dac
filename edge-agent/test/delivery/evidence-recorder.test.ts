import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceRecorder, type EvidenceRequest } from '../../src/evidence/evidence-recorder.js';
import { sha256File } from '../../src/evidence/media-probe.js';
import type { Segment } from '../../src/evidence/segment-source.js';
import type { Frame } from '../../src/ingest/frame.js';
import { captureLogger } from './log-capture.js';
import { buildSegmentCache, clockRows, decodeClip, readClock, FIXTURE_HEIGHT, FIXTURE_WIDTH, FixtureSegmentSource, mp4TopLevelBoxes, probeClip } from './segment-cache-fixture.js';

const run = promisify(execFile);
const BASE = Date.UTC(2025, 2, 9, 7, 5, 0); // 14:05 in Hanoi
const ZONE: [number, number][] = [[0.2, 0.3], [0.7, 0.3], [0.7, 0.9], [0.2, 0.9]];
const BOX = { x1: 0.3, y1: 0.4, x2: 0.5, y2: 0.7 };

let root: string;
let segments: Segment[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ww-evidence-'));
  await mkdir(join(root, 'cache'));
  segments = await buildSegmentCache(join(root, 'cache'), { baseMs: BASE, segmentSeconds: 4 });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function recorder(now: () => number, settings: Partial<{ preSeconds: number; postSeconds: number; maxPartSeconds: number; coverageTimeoutMs: number }> = {}) {
  return new EvidenceRecorder({
    settings: { preSeconds: 3, postSeconds: 3, maxPartSeconds: 20, timeZone: 'Asia/Ho_Chi_Minh', pollMs: 100, ...settings },
    now,
    logger: captureLogger().logger,
  });
}

function request(source: FixtureSegmentSource, startedS: number, triggeredS: number): EvidenceRequest {
  return { cameraName: 'Ngõ 12 <Hàng Bông>', startedAtMs: BASE + startedS * 1000, triggeredAtMs: BASE + triggeredS * 1000, zone: ZONE, boxes: [{ box: BOX, label: 'car 0.83' }], segments: source };
}

async function outDir(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir);
  return dir;
}

/** The burnt-in clock of the frame shown at `seconds` into the clip (12.5 fps). */
function clockAt(clock: readonly number[], seconds: number | undefined): number {
  if (seconds === undefined) return Number.NaN;
  return clock[Math.min(clock.length - 1, Math.floor(seconds * 12.5 + 1e-6))] ?? Number.NaN;
}

function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

describe('evidence clip', () => {
  it('covers [startedAt - pre, triggeredAt + post], plays cleanly, is a faststart MP4 without re-encoding', async () => {
    const dir = await outDir('short');
    const files = await recorder(() => BASE + 60_000).record(request(new FixtureSegmentSource(segments), 8, 14), dir);
    const clipPath = join(dir, files.clip.file);
    const probed = await probeClip(clipPath);
    // Window 5..17 s = 12 s; stream copy starts on the keyframe at or before 5 s (keyframes ~1 s apart).
    expect(probed.durationSeconds).toBeGreaterThanOrEqual(11.9);
    expect(probed.durationSeconds).toBeLessThanOrEqual(13.3);
    expect(probed).toMatchObject({ videoStreams: 1, audioStreams: 0, codec: 'h264', width: FIXTURE_WIDTH, height: FIXTURE_HEIGHT });
    const decoded = await decodeClip(clipPath);
    expect(decoded.errors).toBe('');
    expect(decoded.frames).toBeGreaterThanOrEqual(Math.floor(12 * 12.5));
    const boxes = await mp4TopLevelBoxes(clipPath);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect(files.clipComplete).toBe(true);
    expect(files.clip.shortfall).toBeUndefined();
    expect(files.clip).toMatchObject({ mime: 'video/mp4', sha256: await sha256File(clipPath), bytes: (await readFile(clipPath)).length });
    expect(files.clip.durationSeconds).toBeCloseTo(probed.durationSeconds, 2);

    // The burnt-in clock: the clip starts on the keyframe at or before 5 s and runs past 17 s.
    const clock = await readClock(clipPath);
    expect(clock[0]).toBeGreaterThanOrEqual(5 - 1.0);
    expect(clock[0]).toBeLessThanOrEqual(5.05);
    expect(clock.at(-1)).toBeGreaterThanOrEqual(16.7);
    expect(clock.at(-1)).toBeLessThanOrEqual(17.3);
    // No hole anywhere: consecutive frames are at most a B-frame reorder apart.
    expect(Math.max(...clock.slice(1).map((t, i) => t - (clock[i] ?? t)))).toBeLessThan(0.4);
    // The marks point at the frames of the arrival (8 s) and the trigger (14 s).
    expect(clockAt(clock, files.clip.marks?.startedSeconds)).toBeCloseTo(8, 0);
    expect(clockAt(clock, files.clip.marks?.triggeredSeconds)).toBeCloseTo(14, 0);
  });

  it('leaves out an unreadable newest segment instead of losing the violation', async () => {
    const dir = await outDir('truncated');
    const broken = join(root, 'broken-newest.ts');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(broken, Buffer.alloc(300, 0x47));
    const last = segments.find((s) => s.startMs <= BASE + 17_000 && s.endMs > BASE + 17_000)!;
    const withBroken = segments.map((s) => (s === last ? { ...s, path: broken } : s));
    const files = await recorder(() => BASE + 60_000).record(request(new FixtureSegmentSource(withBroken), 8, 14), dir);
    const probed = await probeClip(join(dir, files.clip.file));
    expect(probed.codec).toBe('h264');
    expect(probed.durationSeconds).toBeGreaterThan(2);
  });

  it('cuts a long stay down to its start part and its trigger part, concatenated, still a copy', async () => {
    const dir = await outDir('long');
    const files = await recorder(() => BASE + 60_000, { preSeconds: 1, postSeconds: 1, maxPartSeconds: 4 }).record(request(new FixtureSegmentSource(segments), 3, 24), dir);
    const clipPath = join(dir, files.clip.file);
    const probed = await probeClip(clipPath);
    // Parts 2..6 s and 21..25 s: 8 s, plus at most a keyframe interval before each part.
    expect(probed.durationSeconds).toBeGreaterThanOrEqual(7.9);
    expect(probed.durationSeconds).toBeLessThanOrEqual(10.1);
    expect((await decodeClip(clipPath)).errors).toBe('');
    // Frames from ~2 s to ~6 s, then a jump to ~21 s and on to ~25 s. (The clock reads ~0.2 s
    // behind the segment times: the test camera's first frame is shown at 0.16 s.)
    const clock = await readClock(clipPath);
    expect(clock[0]).toBeGreaterThanOrEqual(2 - 1.0);
    expect(clock[0]).toBeLessThanOrEqual(2.05);
    expect(clock.at(-1)).toBeGreaterThanOrEqual(24.7);
    expect(clock.at(-1)).toBeLessThanOrEqual(25.3);
    const jumps = clock.slice(1).map((t, i) => ({ from: clock[i] ?? t, to: t })).filter(({ from, to }) => to - from > 1);
    expect(jumps).toHaveLength(1);
    expect(jumps[0]!.from).toBeGreaterThanOrEqual(5.9);
    expect(jumps[0]!.from).toBeLessThanOrEqual(6.3);
    expect(jumps[0]!.to).toBeGreaterThanOrEqual(21 - 1.0);
    expect(jumps[0]!.to).toBeLessThanOrEqual(21.05);
    // Arrival (3 s) in the first part, trigger (24 s) in the second: the marks follow the join.
    expect(clockAt(clock, files.clip.marks?.startedSeconds)).toBeCloseTo(3, 0);
    expect(clockAt(clock, files.clip.marks?.triggeredSeconds)).toBeCloseTo(24, 0);
  });

  it('waits for the segment holding triggeredAt + post to close before cutting', async () => {
    const dir = await outDir('pending');
    const source = new FixtureSegmentSource(segments);
    source.closedUntilMs = BASE + 12_000;
    const recording = recorder(() => BASE + 17_500, { coverageTimeoutMs: 120_000 }).record(request(source, 8, 14), dir);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const callsWhileWaiting = source.calls;
    source.closedUntilMs = Number.POSITIVE_INFINITY;
    const files = await recording;
    expect(callsWhileWaiting).toBeGreaterThan(1);
    expect(files.clipComplete).toBe(true);
    expect((await probeClip(join(dir, files.clip.file))).durationSeconds).toBeGreaterThanOrEqual(11.9);
  });

  it('when the cache never catches up, cuts what exists after the timeout and says the clip is partial', async () => {
    const dir = await outDir('timeout');
    const source = new FixtureSegmentSource(segments);
    source.closedUntilMs = BASE + 13_000;
    let now = BASE + 17_500;
    const recording = recorder(() => now, { coverageTimeoutMs: 5_000 }).record(request(source, 8, 14), dir);
    await new Promise((resolve) => setTimeout(resolve, 500));
    now = BASE + 23_000;
    const files = await recording;
    expect(files.clipComplete).toBe(false);
    // The officer is told how much of the 12 s window the clip holds.
    expect(files.clip.shortfall).toMatchObject({ kind: 'partial', wantedSeconds: 12 });
    expect(files.clip.shortfall!.coveredSeconds).toBeGreaterThan(5);
    expect(files.clip.shortfall!.coveredSeconds).toBeLessThan(12);
    // What exists of 5..17 s is what the closed segments hold: up to the end of the one before 13 s.
    const clock = await readClock(join(dir, files.clip.file));
    const closedEnd = (Math.max(...segments.filter((segment) => segment.endMs <= BASE + 13_000).map((segment) => segment.endMs)) - BASE) / 1000;
    expect(clock[0]).toBeLessThanOrEqual(5.05);
    expect(clock.at(-1)).toBeGreaterThanOrEqual(closedEnd - 0.4);
    expect(clock.at(-1)).toBeLessThanOrEqual(closedEnd + 0.1);
  });
});

describe('evidence snapshot', () => {
  it('is a full-resolution JPEG of the trigger moment with the zone and the offending box drawn on it', async () => {
    const dir = await outDir('snapshot');
    const files = await recorder(() => BASE + 60_000).record(request(new FixtureSegmentSource(segments), 8, 14), dir);
    const path = join(dir, files.snapshot.file);
    const jpeg = await readFile(path);
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(files.snapshot).toMatchObject({ mime: 'image/jpeg', bytes: jpeg.length, sha256: await sha256File(path) });
    const drawn = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    expect(drawn.info).toMatchObject({ width: FIXTURE_WIDTH, height: FIXTURE_HEIGHT });
    const { stdout: plain } = await run('ffmpeg', ['-v', 'error', '-ss', '14', '-i', join(root, 'cache', 'camera.mp4'), '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 1 << 24 });
    const at = (data: Buffer, x: number, y: number) => {
      const i = (Math.round(y) * FIXTURE_WIDTH + Math.round(x)) * 3;
      return [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0] as const;
    };
    let redOnBox = 0;
    let redBefore = 0;
    let yellowOnZone = 0;
    const samples = 20;
    for (let k = 0; k < samples; k += 1) {
      const x = (BOX.x1 + ((BOX.x2 - BOX.x1) * (k + 0.5)) / samples) * FIXTURE_WIDTH;
      const [r, g, b] = at(drawn.data, x, BOX.y2 * FIXTURE_HEIGHT);
      if (r > 180 && g < 90 && b < 90) redOnBox += 1;
      const [pr, pg, pb] = at(plain, x, BOX.y2 * FIXTURE_HEIGHT);
      if (pr > 180 && pg < 90 && pb < 90) redBefore += 1;
      const [zr, zg, zb] = at(drawn.data, 0.2 * FIXTURE_WIDTH, (0.35 + (0.5 * k) / samples) * FIXTURE_HEIGHT);
      if (zr > 180 && zg > 160 && zb < 100) yellowOnZone += 1;
    }
    expect(redOnBox).toBeGreaterThanOrEqual(samples * 0.8);
    expect(redBefore).toBe(0);
    expect(yellowOnZone).toBeGreaterThanOrEqual(samples * 0.8);
    // The still is the frame at the trigger (14 s by the burnt-in clock).
    const row = await sharp(jpeg).greyscale().extract({ left: 0, top: 8, width: FIXTURE_WIDTH, height: 1 }).raw().toBuffer();
    expect(clockRows(row, FIXTURE_WIDTH)[0]).toBeCloseTo(14, 0);
    // The rest of the picture is the camera's frame at the trigger, not something else.
    const thumb = await sharp(jpeg).resize(64, 36, { fit: 'fill' }).greyscale().raw().toBuffer();
    const plainThumb = await sharp(plain, { raw: { width: FIXTURE_WIDTH, height: FIXTURE_HEIGHT, channels: 3 } }).resize(64, 36, { fit: 'fill' }).greyscale().raw().toBuffer();
    expect(meanAbsDiff(thumb, plainThumb)).toBeLessThan(20);
  });

  it('without cached footage, uses the detector frame (letterbox removed, BGR to RGB) and a still clip', async () => {
    const dir = await outDir('fallback');
    const size = 416;
    const contentHeight = Math.round((FIXTURE_HEIGHT * size) / FIXTURE_WIDTH);
    const data = new Uint8Array(size * size * 3);
    for (let i = 0; i < size * contentHeight; i += 1) data[i * 3] = 255; // BGR: pure blue content, black padding.
    const frame: Frame = {
      cameraId: 'cam-1', seq: 1, timestampMs: BASE + 14_000, width: size, height: size, pixelFormat: 'bgr24', data,
      letterbox: { srcWidth: FIXTURE_WIDTH, srcHeight: FIXTURE_HEIGHT, scale: size / FIXTURE_WIDTH, contentWidth: size, contentHeight },
    };
    const files = await recorder(() => BASE + 60_000, { coverageTimeoutMs: 0 }).record({ ...request(new FixtureSegmentSource([]), 8, 14), triggerFrame: frame }, dir);
    const image = await sharp(join(dir, files.snapshot.file)).raw().toBuffer({ resolveWithObject: true });
    expect(image.info).toMatchObject({ width: FIXTURE_WIDTH, height: FIXTURE_HEIGHT });
    // A pixel away from every drawing, near the top right: blue, and padding is gone (no black band).
    const pixel = (x: number, y: number) => [...image.data.subarray((y * FIXTURE_WIDTH + x) * 3, (y * FIXTURE_WIDTH + x) * 3 + 3)];
    const [r, g, b] = pixel(FIXTURE_WIDTH - 10, 10);
    expect(b).toBeGreaterThan(200);
    expect(r! + g!).toBeLessThan(80);
    expect(pixel(FIXTURE_WIDTH - 10, FIXTURE_HEIGHT - 40)[2]).toBeGreaterThan(200);
    expect(files.clipComplete).toBe(false);
    expect(files.clip.shortfall).toEqual({ kind: 'still', coveredSeconds: 0, wantedSeconds: 12 });
    const clip = await probeClip(join(dir, files.clip.file));
    expect(clip.videoStreams).toBe(1);
    expect((await decodeClip(join(dir, files.clip.file))).errors).toBe('');
  });
});
