import type { DetectorPool } from '../detect/detector-pool.js';

/*
 * The pool tells us about results but not about every change of its queue (a failed frame
 * frees a worker without a result to report), so conditions are re-checked on each result and
 * on a short timer. 20 ms is far below one frame time (200 ms at 5 fps), so no core idles long.
 */
const RECHECK_MS = 20;

interface Waiter {
  ready: () => boolean;
  resolve: () => void;
}

/** Waits for conditions on the detector pool (a free slot, a camera drained) without busy loops. */
export class PoolWaiter {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(pool: DetectorPool) {
    // The pool emits before it pumps its queue; look once that has happened.
    this.unsubscribe = pool.subscribe(() => queueMicrotask(() => this.check()));
  }

  /** Resolves once `ready()` holds or `signal` aborts. */
  async until(ready: () => boolean, signal?: AbortSignal): Promise<void> {
    if (ready() || signal?.aborted === true) return;
    await new Promise<void>((resolve) => {
      const waiter: Waiter = {
        ready: () => ready() || signal?.aborted === true,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => this.check();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      this.timer ??= setInterval(() => this.check(), RECHECK_MS);
    });
  }

  /** Re-checks now (e.g. after a result was handled outside the pool's own callbacks). */
  check(): void {
    for (const waiter of this.waiters) {
      if (!waiter.ready()) continue;
      this.waiters.delete(waiter);
      waiter.resolve();
    }
    if (this.waiters.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  close(): void {
    this.unsubscribe();
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
