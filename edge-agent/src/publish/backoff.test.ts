import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff.js';

describe('backoffMs', () => {
  const policy = { initialMs: 1_000, maxMs: 60_000 };
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [6, 32_000],
    [7, 60_000],
    [50, 60_000],
  ])('after %i failures waits %i ms (without jitter)', (failures, expected) => {
    expect(backoffMs(failures, policy, () => 0.5)).toBe(expected);
  });

  it('spreads retries by at most 20 % either way', () => {
    expect(backoffMs(3, policy, () => 0)).toBe(3_200);
    expect(backoffMs(3, policy, () => 0.999999)).toBe(4_800);
  });
});
