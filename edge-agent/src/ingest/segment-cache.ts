import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from './clock.js';

/** One record-stream segment on disk. Times are wall-clock milliseconds. */
export interface Segment {
  path: string;
  startMs: number;
  /** Its last write: the end of a finished segment, "now" for the one being written. */
  endMs: number;
  bytes: number;
}

export interface SegmentCacheOptions {
  dir: string;
  /** Keep every segment that ended less than this long ago (the camera's `record.cacheMinutes`). */
  maxAgeMs: number;
  /** Hard cap on the folder's size; the oldest segments go first. */
  maxBytes: number;
  clock: Clock;
  onBytes?: (bytes: number) => void;
}

/** `20250101T120000Z-<run>.ts`, as written by ffmpeg's segment muxer with `-strftime 1`. */
const SEGMENT_NAME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[a-z0-9]+\.ts$/;

export function segmentStartMs(name: string): number | undefined {
  const m = SEGMENT_NAME.exec(name);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * The per-camera folder of short record-stream segments that evidence clips are cut from with
 * `-c copy`. Pruned by age and by a byte cap. The cap keeps one segment's worth of headroom,
 * because the segment ffmpeg is writing grows between two prunes.
 */
export class SegmentCache {
  private knownBytes = 0;
  private largestSegment = 0;
  private lastWrite: number | undefined;

  constructor(private readonly options: SegmentCacheOptions) {}

  get dir(): string {
    return this.options.dir;
  }

  /** Bytes on disk at the last list or prune. */
  get bytes(): number {
    return this.knownBytes;
  }

  async ensureDir(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
  }

  /** Every segment, oldest first. */
  async list(): Promise<Segment[]> {
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const segments: Segment[] = [];
    for (const name of names) {
      const startMs = segmentStartMs(name);
      if (startMs === undefined) continue;
      const path = join(this.options.dir, name);
      try {
        const info = await stat(path);
        segments.push({ path, startMs, endMs: Math.max(startMs, info.mtimeMs), bytes: info.size });
      } catch (error) {
        // Pruned by another pass between readdir and stat: simply gone.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    segments.sort((a, b) => a.startMs - b.startMs || a.path.localeCompare(b.path));
    this.record(segments);
    return segments;
  }

  /** The segments that overlap [startMs, endMs], oldest first: what a clip of that span needs. */
  async segmentsBetween(startMs: number, endMs: number): Promise<Segment[]> {
    const segments = await this.list();
    const newest = segments.at(-1);
    // An empty segment is a run that died before its first packet: nothing to cut from.
    return segments.filter((s) => s.endMs >= startMs && s.startMs <= endMs && (s.bytes > 0 || s === newest));
  }

  /** Wall time of the newest segment write seen by the last list or prune (undefined: none yet). */
  get newestWriteMs(): number | undefined {
    return this.lastWrite;
  }

  /** Deletes segments that are too old, then the oldest ones until the cap (minus headroom) holds. */
  async prune(): Promise<{ removed: string[]; bytes: number }> {
    const segments = await this.list();
    const now = this.options.clock.now();
    const removed: string[] = [];
    const keep: Segment[] = [];
    const newest = segments.at(-1);
    for (const segment of segments) {
      if (segment !== newest && segment.endMs < now - this.options.maxAgeMs) removed.push(segment.path);
      else keep.push(segment);
    }
    let total = keep.reduce((sum, s) => sum + s.bytes, 0);
    const headroom = Math.min(this.largestSegment, this.options.maxBytes / 2);
    while (keep.length > 1 && total + headroom > this.options.maxBytes) {
      const oldest = keep.shift();
      if (!oldest) break;
      total -= oldest.bytes;
      removed.push(oldest.path);
    }
    for (const path of removed) {
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    this.knownBytes = total;
    this.options.onBytes?.(total);
    return { removed, bytes: total };
  }

  private record(segments: readonly Segment[]): void {
    this.knownBytes = segments.reduce((sum, s) => sum + s.bytes, 0);
    for (const s of segments) {
      this.largestSegment = Math.max(this.largestSegment, s.bytes);
      if (this.lastWrite === undefined || s.endMs > this.lastWrite) this.lastWrite = s.endMs;
    }
    this.options.onBytes?.(this.knownBytes);
  }
}
