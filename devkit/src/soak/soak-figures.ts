/** One minute's reading of a process (or a set of them), in MB. */
export interface MinuteReading {
  minute: number;
  mb: number;
}

/** Least-squares slope of `mb` over `minute`, in MB a minute; 0 with fewer than two readings. */
export function slopePerMinute(readings: readonly MinuteReading[]): number {
  if (readings.length < 2) return 0;
  const n = readings.length;
  const meanX = readings.reduce((s, r) => s + r.minute, 0) / n;
  const meanY = readings.reduce((s, r) => s + r.mb, 0) / n;
  let num = 0;
  let den = 0;
  for (const r of readings) {
    num += (r.minute - meanX) * (r.mb - meanY);
    den += (r.minute - meanX) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export interface Growth {
  /** Readings from the end of the warm-up on. */
  minutes: number;
  fromMb: number;
  toMb: number;
  /** (to - from) / from, in percent; null when the series started at zero (nothing to compare with). */
  percent: number | null;
  slopeMbPerMinute: number;
}

/**
 * How much a series grew after the warm-up: from the reading at `warmupMinutes` (or the first
 * after it) to the last, and the slope over that span. Undefined when the run ended before.
 */
export function growthAfter(readings: readonly MinuteReading[], warmupMinutes: number): Growth | undefined {
  const steady = readings.filter((r) => r.minute >= warmupMinutes);
  if (steady.length < 2) return undefined;
  const from = steady[0]!;
  const to = steady.at(-1)!;
  return {
    minutes: to.minute - from.minute,
    fromMb: from.mb,
    toMb: to.mb,
    percent: from.mb > 0 ? ((to.mb - from.mb) / from.mb) * 100 : null,
    slopeMbPerMinute: slopePerMinute(steady),
  };
}
