import type { ViolationEvent } from '../rules/violation-event.js';

/**
 * One reported violation of a file analysis, as `edge-agent analyze --json` prints it. Times are
 * seconds from the start of the file; `bbox` is [x1, y1, x2, y2] in frame fractions; `score` is
 * the best detector score of the offending objects. A stay that was re-notified gives one more
 * report with `phase: "renotified"` and the same `key`.
 */
export interface ViolationReport {
  rule: ViolationEvent['rule'];
  cameraId: string;
  zoneId: string;
  classes: string[];
  trackIds: number[];
  startedAtS: number;
  triggeredAtS: number;
  /** When the stay or episode ended; null when it was still going at the end of the file. */
  endedAtS: number | null;
  /** Wall-clock time of the trigger (ISO 8601), from `--start`. */
  triggeredAt: string;
  bbox: [number, number, number, number];
  score: number;
  phase: 'triggered' | 'renotified';
  key: string;
}

const seconds = (ms: number): number => Math.round(ms / 10) / 100;
const fraction = (value: number): number => Math.round(value * 10_000) / 10_000;

/**
 * Gathers a run's events into reports: each `triggered`/`renotified` event opens one, and the
 * stay's `ended` event (same key) fills in `endedAtS` of all of them.
 */
export class ViolationReportBuilder {
  private readonly reports: ViolationReport[] = [];
  private readonly ends = new Map<string, number>();

  constructor(private readonly wallClockOffsetMs: number) {}

  add(event: ViolationEvent): void {
    if (event.phase === 'ended') {
      if (event.endedAtMs !== undefined) this.ends.set(event.key, event.endedAtMs);
      return;
    }
    const { x1, y1, x2, y2 } = event.bbox;
    this.reports.push({
      rule: event.rule,
      cameraId: event.cameraId,
      zoneId: event.zoneId,
      classes: [...event.classes],
      trackIds: [...event.trackIds],
      startedAtS: seconds(event.startedAtMs),
      triggeredAtS: seconds(event.triggeredAtMs),
      endedAtS: null,
      triggeredAt: new Date(event.triggeredAtMs + this.wallClockOffsetMs).toISOString(),
      bbox: [fraction(x1), fraction(y1), fraction(x2), fraction(y2)],
      score: Math.round(Math.max(0, ...event.scores) * 1_000) / 1_000,
      phase: event.phase,
      key: event.key,
    });
  }

  get count(): number {
    return this.reports.length;
  }

  /** Every report in trigger order, with the end times known so far. */
  build(): ViolationReport[] {
    return this.reports
      .map((report) => {
        const end = this.ends.get(report.key);
        return end === undefined ? { ...report } : { ...report, endedAtS: seconds(end) };
      })
      .sort((a, b) => a.triggeredAtS - b.triggeredAtS);
  }
}
