/**
 * Failed-login counter per (username, client address), in a fixed window. Pure apart from the
 * map it owns; the clock is passed in. A success clears the key.
 */
export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; windowStart: number }>();

  constructor(private readonly options: ThrottleOptions) {}

  /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
  retryAfterSeconds(key: string, nowMs: number): number {
    const entry = this.failures.get(key);
    if (!entry) return 0;
    const windowEnd = entry.windowStart + this.options.windowMs;
    if (nowMs >= windowEnd) {
      this.failures.delete(key);
      return 0;
    }
    return entry.count >= this.options.maxFailures ? Math.ceil((windowEnd - nowMs) / 1000) : 0;
  }

  recordFailure(key: string, nowMs: number): void {
    const entry = this.failures.get(key);
    if (!entry || nowMs >= entry.windowStart + this.options.windowMs) this.failures.set(key, { count: 1, windowStart: nowMs });
    else entry.count += 1;
    // Bounded memory under a spray of usernames: forget the oldest window first.
    if (this.failures.size > 100_000) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }
}
