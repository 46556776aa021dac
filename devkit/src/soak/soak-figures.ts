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

/** One soak run's readings of the agent and its ffmpeg processes, PSS in MB. */
export interface CameraCountRun {
  cameras: number;
  rows: readonly { minute: number; agentPssMb: number; ffmpegPssMb: number }[];
}

export interface PerCameraCost {
  /** Mean PSS after the warm-up, agent and ffmpeg, at each count. */
  from: { cameras: number; agentMb: number; ffmpegMb: number };
  to: { cameras: number; agentMb: number; ffmpegMb: number };
  /** What one more camera adds, agent plus its ffmpeg processes, in MB of PSS. */
  perCameraMb: number;
  agentPerCameraMb: number;
  ffmpegPerCameraMb: number;
}

/**
 * Memory per extra camera from two runs at different camera counts: the difference of their mean
 * PSS after the warm-up, divided by the difference in cameras. PSS shares a library's pages among
 * the processes that map them, so what every ffmpeg maps (libavcodec and 200 more) stays about
 * constant as cameras are added and only what each camera really adds is left. Undefined when a
 * run has no reading after its warm-up or the counts are equal.
 */
export function perCameraCost(a: CameraCountRun, b: CameraCountRun, warmupMinutes: number): PerCameraCost | undefined {
  const [low, high] = a.cameras <= b.cameras ? [a, b] : [b, a];
  const mean = (run: CameraCountRun) => {
    const steady = run.rows.filter((r) => r.minute >= warmupMinutes);
    if (steady.length === 0) return undefined;
    const avg = (pick: (r: CameraCountRun['rows'][number]) => number) => steady.reduce((s, r) => s + pick(r), 0) / steady.length;
    return { cameras: run.cameras, agentMb: round1(avg((r) => r.agentPssMb)), ffmpegMb: round1(avg((r) => r.ffmpegPssMb)) };
  };
  const from = mean(low);
  const to = mean(high);
  const extra = high.cameras - low.cameras;
  if (!from || !to || extra === 0) return undefined;
  const agentPerCameraMb = round1((to.agentMb - from.agentMb) / extra);
  const ffmpegPerCameraMb = round1((to.ffmpegMb - from.ffmpegMb) / extra);
  return { from, to, perCameraMb: round1(agentPerCameraMb + ffmpegPerCameraMb), agentPerCameraMb, ffmpegPerCameraMb };
}

const round1 = (v: number): number => Math.round(v * 10) / 10;
