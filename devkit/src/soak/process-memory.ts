import { readFile } from 'node:fs/promises';

/** One process's memory as Linux counts it, in bytes. */
export interface ProcessMemory {
  /** Resident set: every page it maps that is in RAM, shared libraries counted whole. */
  rss: number;
  /**
   * Proportional set: shared pages divided among the processes that map them, so the figures of
   * many ffmpeg processes add up to what they really cost (RSS counts libavcodec once per process).
   */
  pss: number;
}

/** `Pss:` and `Rss:` of /proc/<pid>/smaps_rollup; undefined once the process has ended. */
export async function processMemory(pid: number): Promise<ProcessMemory | undefined> {
  try {
    return parseSmapsRollup(await readFile(`/proc/${pid}/smaps_rollup`, 'utf8'));
  } catch {
    // Ended between the listing and the read, or not Linux: nothing to count.
    return undefined;
  }
}

export function parseSmapsRollup(text: string): ProcessMemory {
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('Rss'), pss: kb('Pss') };
}

/** The sum of a metric's samples (all its label sets) in a Prometheus text exposition; undefined when absent. */
export function sampleValue(exposition: string, name: string): number | undefined {
  const values = [...exposition.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'gm'))].map((m) => Number(m[1]));
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) : undefined;
}
