/**
 * Frames per second over a sliding window (default 5 s): steady enough for a dashboard, quick
 * enough that a stalled camera reads 0 within the window.
 */
export class FpsMeter {
  private readonly stamps: number[] = [];
  private startedAt: number | undefined;

  constructor(private readonly windowMs = 5_000) {}

  tick(nowMs: number): void {
    this.startedAt ??= nowMs;
    this.stamps.push(nowMs);
    this.trim(nowMs);
  }

  fps(nowMs: number): number {
    this.trim(nowMs);
    if (this.startedAt === undefined) return 0;
    const span = Math.min(this.windowMs, nowMs - this.startedAt);
    // Under a second of history says little; report what we have rather than a spike.
    return span <= 0 ? 0 : (this.stamps.length * 1_000) / Math.max(span, 1_000);
  }

  reset(): void {
    this.stamps.length = 0;
    this.startedAt = undefined;
  }

  private trim(nowMs: number): void {
    while (this.stamps.length > 0 && (this.stamps[0] ?? 0) <= nowMs - this.windowMs) this.stamps.shift();
  }
}
