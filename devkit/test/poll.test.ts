import { describe, expect, it } from 'vitest';
import { pollUntil } from '../src/testing/poll.js';

describe('pollUntil', () => {
  it('returns the first answer that is not undefined, null or false', async () => {
    const answers = [undefined, null, false, 0, 7];
    expect(await pollUntil('a number', () => answers.shift(), { intervalMs: 1 })).toBe(0);
    let calls = 0;
    expect(await pollUntil('the third call', async () => (++calls === 3 ? 'done' : undefined), { intervalMs: 1 })).toBe('done');
    expect(await pollUntil('a true condition', () => true)).toBe(true);
  });

  it('names what it waited for, the last error and the detail when the time runs out', async () => {
    await expect(pollUntil('the moon', () => false, { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(/^timed out after 30 ms waiting for the moon$/);
    const failing = pollUntil(
      'a server',
      () => {
        throw new Error('connection refused');
      },
      { timeoutMs: 30, intervalMs: 5, retryErrors: true, detail: () => ({ last: 'seen' }) },
    );
    await expect(failing).rejects.toThrow('timed out after 30 ms waiting for a server\nlast error: connection refused\n{"last":"seen"}');
  });

  it('ends the wait at the first error unless told to retry', async () => {
    let calls = 0;
    const check = async (): Promise<boolean> => {
      calls += 1;
      if (calls < 3) throw new Error(`not up (${calls})`);
      return true;
    };
    await expect(pollUntil('a check that throws', check, { intervalMs: 1 })).rejects.toThrow('not up (1)');
    expect(await pollUntil('a check that throws twice', check, { intervalMs: 1, retryErrors: true })).toBe(true);
  });
});
