/** Events per second over a sliding window, with the clock passed in (for detection_fps). */
export class RateMeter {
  private readonly times: number[] = [];

  constructor(private readonly windowMs = 10_000) {}

  record(nowMs: number): void {
    this.times.push(nowMs);
    this.trim(nowMs);
  }

  rate(nowMs: number): number {
    this.trim(nowMs);
    if (this.times.length < 2) return this.times.length / (this.windowMs / 1000);
    // Until a whole window has passed, divide by the time actually covered, not the window.
    const span = Math.max(nowMs - this.times[0]!, 1);
    return (this.times.length - 1) / (Math.min(span, this.windowMs) / 1000);
  }

  private trim(nowMs: number): void {
    while (this.times.length > 0 && this.times[0]! < nowMs - this.windowMs) this.times.shift();
  }
}
