import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from './module-worker.js';
import { ModelError } from '../models/model-manifest.js';
import type { Detection } from './detection.js';
import type { DetectMessage, FromWorker, InitMessage } from './worker-protocol.js';

export interface WorkerResult {
  detections: Detection[];
  inferenceSeconds: number;
  /** The frame's memory, back from the worker with its result. */
  buffer: ArrayBuffer;
}

/** Receives a frame's memory back from the worker when no result carries it (an error, a frame given up on), for reuse. */
export type BufferReturn = (buffer: ArrayBuffer) => void;

/** The detector's worker thread (detect-worker.ts). */
export function createWorker(): Worker {
  return startModuleWorker(import.meta.url, 'detect-worker');
}

interface Pending {
  resolve: (r: WorkerResult) => void;
  reject: (e: Error) => void;
  sentAt: number;
}

/**
 * A frame that has not come back after this long means the session is stuck (a run takes tens of
 * milliseconds; the frame may also wait behind the one before it). The worker is then given up.
 */
export const DEFAULT_INFERENCE_TIMEOUT_MS = 30_000;
/** Loading and checking the model takes about a second; two minutes covers a slow disk at boot. */
export const DEFAULT_INIT_TIMEOUT_MS = 120_000;

/** Ends a worker thread that is given up (stuck, failed to start, or slow to close). */
export type Abandon = (worker: Worker) => void;

/** Without a pool's bookkeeping: terminate, and do not wait (a thread stuck in native code never ends). */
const terminateOnly: Abandon = (worker) => void worker.terminate();

/**
 * Threads that were terminated but are still running after `stuckAfterMs`: they are inside a
 * native call (onnxruntime) that `terminate()` cannot interrupt, and hold their memory (and, if
 * the call spins, a core) until it returns. `onChange` hears the count whenever it moves.
 */
export class AbandonedThreads {
  private count = 0;
  onChange: (stuck: number) => void = () => undefined;

  constructor(private readonly stuckAfterMs: number) {}

  get stuck(): number {
    return this.count;
  }

  readonly abandon: Abandon = (worker) => {
    // Already ended ('exit' may have fired before this was called): nothing to wait for or count.
    if (worker.threadId === -1) return;
    let ended = false;
    let counted = false;
    worker.once('exit', () => {
      ended = true;
      clearTimeout(timer);
      if (!counted) return;
      this.count--;
      this.onChange(this.count);
    });
    const timer = setTimeout(() => {
      if (ended) return;
      counted = true;
      this.count++;
      this.onChange(this.count);
    }, this.stuckAfterMs);
    timer.unref();
    void worker.terminate();
  };
}

/**
 * One detect-worker thread. The pool keeps up to two frames queued per worker so the next frame
 * is already there when a run ends, instead of waiting for a round trip through the main thread.
 */
export class WorkerClient {
  private readonly pending = new Map<number, Pending>();
  private closing = false;
  private exited = false;
  private failed = false;
  onExit: ((error: Error) => void) | undefined;
  onBuffer: BufferReturn | undefined;
  /** The worker thread's kernel id (Linux), once it is ready. */
  osThreadId: number | undefined;

  private watchdog: NodeJS.Timeout | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly inferenceTimeoutMs: number,
    private readonly abandon: Abandon,
  ) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      this.exited = true;
      if (!this.closing) this.fail(new Error(`detect worker exited with code ${code}`));
    });
  }

  /**
   * `create` makes the thread (tests stand in a worker of their own). A model load that neither
   * finishes nor fails within `initTimeoutMs` fails the start (and the thread is terminated), so
   * a pool restarting a worker tries again instead of waiting forever.
   */
  static async start(init: InitMessage, options: { inferenceTimeoutMs?: number; initTimeoutMs?: number; create?: () => Worker; abandon?: Abandon } = {}): Promise<WorkerClient> {
    const worker = (options.create ?? createWorker)();
    const abandon = options.abandon ?? terminateOnly;
    const client = new WorkerClient(worker, options.inferenceTimeoutMs ?? DEFAULT_INFERENCE_TIMEOUT_MS, abandon);
    const initTimeoutMs = options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number): void => reject(new Error(`detect worker exited with code ${code} while loading the model`));
      timer = setTimeout(() => reject(new Error(`detect worker did not load the model within ${Math.round(initTimeoutMs / 1000)} s`)), initTimeoutMs);
      const onMessage = (message: FromWorker): void => {
        if (message.type !== 'ready' && message.type !== 'init-error') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (message.type === 'ready') {
          client.osThreadId = message.osThreadId;
          resolve();
        } else reject(message.name === 'ModelError' ? new ModelError(message.message) : new Error(message.message));
      };
      worker.on('message', onMessage);
      worker.on('error', reject);
      worker.on('exit', onExit);
      worker.postMessage(init);
    })
      .catch(async (error: unknown) => {
        client.closing = true;
        // A thread stuck in native code never ends; do not wait for it.
        abandon(worker);
        throw error;
      })
      .finally(() => clearTimeout(timer));
    return client;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  get alive(): boolean {
    return !this.exited && !this.closing && !this.failed;
  }

  run(message: DetectMessage, transfer: ArrayBuffer[]): Promise<WorkerResult> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject, sentAt: performance.now() });
      this.worker.postMessage(message, transfer);
      this.armWatchdog();
    });
  }

  /**
   * A run that never ends (a hung native call) would hold its frames and the camera order behind
   * them forever. The oldest frame in flight is watched: past the timeout the worker is failed
   * (its frames are rejected, the pool starts a new worker) and terminated. A thread stuck in
   * native code only stops when that call returns; it holds no frame of the pool any more.
   */
  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    const oldest = this.pending.values().next().value;
    if (!oldest || this.failed) return;
    const left = Math.max(0, oldest.sentAt + this.inferenceTimeoutMs - performance.now());
    this.watchdog = setTimeout(() => {
      this.fail(new Error(`a frame got no result within ${Math.round(this.inferenceTimeoutMs / 1000)} s; the stuck worker was stopped`));
      this.abandon(this.worker);
    }, left);
    this.watchdog.unref();
  }

  /**
   * Lets the worker release its session, then ends the thread. One that does not close within
   * `timeoutMs` is given up (terminated, and counted if it is stuck in native code): closing
   * the pool must not hang on it, or a stopping agent would never exit.
   */
  async close(timeoutMs = 5_000): Promise<void> {
    clearTimeout(this.watchdog);
    // A failed worker was already given up (crashed, or terminated by the watchdog): nothing to wait for.
    if (this.exited || this.failed) return;
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const closed = new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
      timer = setTimeout(() => {
        this.abandon(this.worker);
        resolve();
      }, timeoutMs);
    });
    this.worker.postMessage({ type: 'close' });
    await closed;
    clearTimeout(timer);
  }

  private receive(message: FromWorker): void {
    if (message.type !== 'result' && message.type !== 'detect-error') return;
    const pending = this.pending.get(message.id);
    if (!pending || message.type !== 'result') this.onBuffer?.(message.buffer);
    if (!pending) return;
    this.pending.delete(message.id);
    this.armWatchdog();
    if (message.type === 'result') pending.resolve({ detections: message.detections, inferenceSeconds: message.inferenceSeconds, buffer: message.buffer });
    else pending.reject(new Error(message.message));
  }

  private fail(error: Error): void {
    // 'error' and 'exit' both arrive for one crash; report it once.
    if (this.failed) return;
    this.failed = true;
    clearTimeout(this.watchdog);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
    this.onExit?.(error);
  }
}
