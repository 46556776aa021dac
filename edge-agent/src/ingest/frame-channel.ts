/**
 * Which frames a busy consumer gets. `latest`: a live camera does not wait for anyone, so a busy
 * consumer only ever gets the newest frame and each replaced one is counted as skipped.
 * `every`: file analysis must see every frame, so a full queue pauses the producer instead.
 */
export type FramePolicy = 'latest' | 'every';
export type SkipReason = 'consumer_busy' | 'no_consumer';

export interface FrameChannelOptions {
  mode: FramePolicy;
  /** `every` only: queued frames at which the producer is asked to pause. */
  highWater?: number;
  onSkip?: (reason: SkipReason) => void;
  /** `every` only: true = stop producing, false = go on. */
  onPressure?: (paused: boolean) => void;
}

/** A single-consumer async queue between one ffmpeg and its reader. */
export class FrameChannel<T> implements AsyncIterable<T> {
  private readonly queue: T[] = [];
  private waiter: ((result: IteratorResult<T>) => void) | undefined;
  private closed = false;
  private failure: Error | undefined;
  private consumer: 'none' | 'attached' | 'gone' = 'none';
  private paused = false;
  private readonly highWater: number;

  constructor(private readonly options: FrameChannelOptions) {
    this.highWater = Math.max(1, options.highWater ?? 2);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  push(item: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter({ value: item, done: false });
      return;
    }
    if (this.options.mode === 'latest' || this.consumer === 'gone') {
      if (this.queue.length > 0) {
        this.queue.length = 0;
        this.options.onSkip?.(this.consumer === 'attached' ? 'consumer_busy' : 'no_consumer');
      }
      this.queue.push(item);
      return;
    }
    this.queue.push(item);
    if (this.queue.length >= this.highWater && !this.paused) this.setPaused(true);
  }

  /**
   * No more items; the consumer still gets what is queued, then the end, or `error` thrown from
   * its loop (a file that cannot be read must not look like an empty one).
   */
  close(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.failure = error;
    if (this.waiter && this.queue.length === 0) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.consumer !== 'none') throw new Error('a frame channel has a single consumer; frames() was already called');
    this.consumer = 'attached';
    return {
      next: () => {
        const item = this.queue.shift();
        if (item !== undefined) {
          if (this.paused && this.queue.length < this.highWater) this.setPaused(false);
          return Promise.resolve({ value: item, done: false });
        }
        if (this.closed || this.consumer === 'gone') return this.end();
        if (this.paused) this.setPaused(false);
        return new Promise<IteratorResult<T>>((resolve) => {
          this.waiter = resolve;
        }).then((result) => (result.done ? this.end() : result));
      },
      return: () => {
        this.consumer = 'gone';
        this.queue.length = 0;
        if (this.paused) this.setPaused(false);
        const waiter = this.waiter;
        this.waiter = undefined;
        waiter?.({ value: undefined, done: true });
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private end(): Promise<IteratorResult<T>> {
    const failure = this.failure;
    this.failure = undefined;
    return failure ? Promise.reject(failure) : Promise.resolve({ value: undefined, done: true });
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.options.onPressure?.(paused);
  }
}
