/** What a check answers while the awaited thing has not happened yet. */
export type NotYet = undefined | null | false;

export interface PollOptions {
  /** Give up after this long; default 30 s. */
  timeoutMs?: number;
  /** Pause between two checks; default 100 ms. */
  intervalMs?: number;
  /**
   * A check that throws counts as "not yet" (a server that does not answer yet) instead of ending
   * the wait at once; if the time runs out, the error names the last one.
   */
  retryErrors?: boolean;
  /** More to say when the time runs out (the last state seen, a log tail); asked once, only then. */
  detail?: () => unknown;
}

/**
 * Calls `check` until it answers something other than undefined, null or false, and returns that
 * answer; a check may return a boolean or the value the caller waits for. When `timeoutMs` passes
 * first, rejects with an error that says what was awaited (`what`), plus the last error and
 * `detail` when there are. Without `retryErrors`, an error from `check` ends the wait at once.
 */
export async function pollUntil<T>(what: string, check: () => T | Promise<T>, options: PollOptions = {}): Promise<Exclude<T, NotYet>> {
  const { timeoutMs = 30_000, intervalMs = 100, retryErrors = false } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value as Exclude<T, NotYet>;
    } catch (error) {
      if (!retryErrors) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(await timeoutMessage(what, timeoutMs, lastError, options.detail));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

async function timeoutMessage(what: string, timeoutMs: number, lastError: unknown, detail: PollOptions['detail']): Promise<string> {
  const lines = [`timed out after ${timeoutMs} ms waiting for ${what}`];
  if (lastError !== undefined) lines.push(`last error: ${errorText(lastError)}`);
  if (detail) {
    const extra = await Promise.resolve()
      .then(detail)
      .then(
        (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
        (error: unknown) => `(could not tell more: ${errorText(error)})`,
      );
    if (extra) lines.push(extra);
  }
  return lines.join('\n');
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
