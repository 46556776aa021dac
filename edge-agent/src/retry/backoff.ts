export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Fraction of the delay that is randomised (0..1), so cameras that fail together spread out. */
  jitter: number;
}

/**
 * Delay before retry number `attempt` (0 = the first retry): doubles from `initialMs` up to the
 * `maxMs` cap, then loses up to `jitter` of itself at random. Never above the cap, so a camera
 * that comes back is picked up within one cap's worth of waiting.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(base * (1 - jitter * random()));
}
