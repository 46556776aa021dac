import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

const policy = { initialMs: 1_000, maxMs: 60_000, jitter: 0.2 };

describe('backoffDelayMs', () => {
  it.each([
    [0, 1_000],
    [1, 2_000],
    [2, 4_000],
    [5, 32_000],
    [6, 60_000],
    [50, 60_000],
  ])('without jitter, retry %i waits %i ms', (attempt, expected) => {
    expect(backoffDelayMs(attempt, policy, () => 0)).toBe(expected);
  });

  it('jitter only shortens the delay, by at most its fraction', () => {
    expect(backoffDelayMs(3, policy, () => 1)).toBe(6_400);
    expect(backoffDelayMs(10, policy, () => 0.5)).toBe(54_000);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelayMs(i % 12, policy);
      expect(delay).toBeGreaterThanOrEqual(Math.min(60_000, 1_000 * 2 ** (i % 12)) * 0.8 - 1);
      expect(delay).toBeLessThanOrEqual(60_000);
    }
  });

  it('a cap below the initial delay wins', () => {
    expect(backoffDelayMs(0, { initialMs: 5_000, maxMs: 2_000, jitter: 0 })).toBe(2_000);
  });
});
