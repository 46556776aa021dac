import { Worker } from 'node:worker_threads';
import { ModelError } from '../models/model-manifest.js';
import type { Detection } from './detection.js';
import type { DetectMessage, FromWorker, InitMessage } from './worker-protocol.js';

export interface WorkerResult {
  detections: Detection[];
  inferenceSeconds: number;
}

/** Receives a frame's memory back from the worker (result or error alike), for reuse. */
export type BufferReturn = (buffer: ArrayBuffer) => void;

/**
 * The CLI runs compiled JS from dist/, vitest runs the TypeScript sources: start the worker file
 * that sits next to this module. A .ts worker is loaded through tsx's API from a tiny eval
 * bootstrap, because Node 20 does not apply `--import tsx` hooks to a worker's entry file.
 */
function createWorker(): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./detect-worker.js', self));
  const entry = JSON.stringify(new URL('./detect-worker.ts', self).href);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`, { eval: true });
}

interface Pending {
  resolve: (r: WorkerResult) => void;
  reject: (e: Error) => void;
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

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      this.exited = true;
      if (!this.closing) this.fail(new Error(`detect worker exited with code ${code}`));
    });
  }

  static async start(init: InitMessage): Promise<WorkerClient> {
    const worker = createWorker();
    const client = new WorkerClient(worker);
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number): void => reject(new Error(`detect worker exited with code ${code} while loading the model`));
      const onMessage = (message: FromWorker): void => {
        if (message.type !== 'ready' && message.type !== 'init-error') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (message.type === 'ready') {
          client.osThreadId = message.osThreadId;
          resolve();
        }
        else reject(message.name === 'ModelError' ? new ModelError(message.message) : new Error(message.message));
      };
      worker.on('message', onMessage);
      worker.on('error', reject);
      worker.on('exit', onExit);
      worker.postMessage(init);
    }).catch(async (error: unknown) => {
      client.closing = true;
      await worker.terminate();
      throw error;
    });
    return client;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  get alive(): boolean {
    return !this.exited && !this.closing;
  }

  run(message: DetectMessage, transfer: ArrayBuffer[]): Promise<WorkerResult> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.worker.postMessage(message, transfer);
    });
  }

  /** Lets the worker release its session, then ends the thread; a stuck worker is terminated. */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.exited) return;
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' });
    const timer = setTimeout(() => void this.worker.terminate(), timeoutMs);
    await closed;
    clearTimeout(timer);
  }

  private receive(message: FromWorker): void {
    if (message.type !== 'result' && message.type !== 'detect-error') return;
    this.onBuffer?.(message.buffer);
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.type === 'result') pending.resolve({ detections: message.detections, inferenceSeconds: message.inferenceSeconds });
    else pending.reject(new Error(message.message));
  }

  private fail(error: Error): void {
    // 'error' and 'exit' both arrive for one crash; report it once.
    if (this.failed) return;
    this.failed = true;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
    this.onExit?.(error);
  }
}
