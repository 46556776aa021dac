import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SegmentCache, segmentStartMs } from './segment-cache.js';

const T0 = Date.UTC(2025, 5, 1, 3, 0, 0);
const name = (ms: number, run = 'r1') => `${new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-${run}.ts`;

describe('SegmentCache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'segcache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeSegment(startMs: number, seconds: number, bytes: number): Promise<void> {
    const path = join(dir, name(startMs));
    await writeFile(path, Buffer.alloc(bytes));
    const end = new Date(startMs + seconds * 1_000);
    await utimes(path, end, end);
  }

  it('parses the start time from the name ffmpeg gives a segment', () => {
    expect(segmentStartMs('20250601T030000Z-r1.ts')).toBe(T0);
    expect(segmentStartMs('notes.txt')).toBeUndefined();
  });

  it('finds the segments that cover a span', async () => {
    for (let i = 0; i < 6; i++) await writeSegment(T0 + i * 4_000, 4, 100);
    const cache = new SegmentCache({ dir, maxAgeMs: 60_000, maxBytes: 10_000, clock: { now: () => T0 + 24_000 } });
    const hits = await cache.segmentsBetween(T0 + 5_000, T0 + 9_000);
    expect(hits.map((s) => s.startMs - T0)).toEqual([4_000, 8_000]);
  });

  it('prunes by age but keeps everything inside the window', async () => {
    for (let i = 0; i < 10; i++) await writeSegment(T0 + i * 4_000, 4, 100);
    let now = T0 + 40_000;
    const cache = new SegmentCache({ dir, maxAgeMs: 20_000, maxBytes: 1_000_000, clock: { now: () => now } });
    const { removed } = await cache.prune();
    // Segments ending before now-20 s go: those ending at 4..16 s.
    expect(removed).toHaveLength(4);
    const left = await cache.list();
    expect(left[0]!.startMs - T0).toBe(16_000);
    now = T0 + 10_000_000;
    await cache.prune();
    // The newest segment is never pruned by age: it may still be written.
    expect(await readdir(dir)).toHaveLength(1);
  });

  it('keeps the folder under its byte cap with room for the segment being written', async () => {
    for (let i = 0; i < 10; i++) await writeSegment(T0 + i * 4_000, 4, 1_000);
    const reported: number[] = [];
    const cache = new SegmentCache({ dir, maxAgeMs: 3_600_000, maxBytes: 5_500, clock: { now: () => T0 + 40_000 }, onBytes: (b) => reported.push(b) });
    const { bytes } = await cache.prune();
    expect(bytes).toBe(4_000);
    expect((await cache.list()).map((s) => s.startMs - T0)).toEqual([24_000, 28_000, 32_000, 36_000]);
    expect(reported.at(-1)).toBe(4_000);
  });
});
