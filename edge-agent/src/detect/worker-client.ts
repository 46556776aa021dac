import { Worker } from 'node:worker_threads';
import { ModelError } from '../models/model-manifest.js';
import type { Detection } from './detection.js';
import type { DetectMessage, FromWorker, InitMessage } from './worker-protocol.js';

export interface WorkerResult {
  detections: Detection[];
  inferenceSeconds: number;
}

/**
 * The CLI runs compiled JS from dist/, vitest runs the TypeScript sources: start the worker file
 * that sits next to this module, through tsx when that is a .ts file.
 */
function workerEntry(): { url: URL; execArgv: string[] } {
  const self = import.meta.url;
  if (self.endsWith('.ts')) return { url: new URL('./detect-worker.ts', self), execArgv: ['--import', 'tsx'] };
  return { url: new URL('./detect-worker.js', self), execArgv: [] };
}

/** One detect-worker thread with at most one frame in flight. */
export class WorkerClient {
  private pending: { id: number; resolve: (r: WorkerResult) => void; reject: (e: Error) => void } | undefined;
  private closing = false;
  private exited = false;
  onExit: ((error: Error) => void) | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      this.exited = true;
      if (!this.closing) this.fail(new Error(`detect worker exited with code ${code}`));
    });
  }

  static async start(init: InitMessage): Promise<WorkerClient> {
    const entry = workerEntry();
    const worker = new Worker(entry.url, { execArgv: entry.execArgv });
    const client = new WorkerClient(worker);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromWorker): void => {
        if (message.type === 'ready') resolve();
        if (message.type === 'init-error') reject(message.name === 'ModelError' ? new ModelError(message.message) : new Error(message.message));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`detect worker exited with code ${code} while loading the model`)));
      worker.postMessage(init);
    }).catch(async (error: unknown) => {
      client.closing = true;
      await worker.terminate();
      throw error;
    });
    return client;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  get alive(): boolean {
    return !this.exited && !this.closing;
  }

  run(message: DetectMessage, transfer: ArrayBuffer[]): Promise<WorkerResult> {
    if (this.pending) return Promise.reject(new Error('detect worker is busy'));
    return new Promise((resolve, reject) => {
      this.pending = { id: message.id, resolve, reject };
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
    const pending = this.pending;
    if (message.type === 'result' && pending?.id === message.id) {
      this.pending = undefined;
      pending.resolve({ detections: message.detections, inferenceSeconds: message.inferenceSeconds });
    } else if (message.type === 'detect-error' && pending?.id === message.id) {
      this.pending = undefined;
      pending.reject(new Error(message.message));
    }
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
    this.onExit?.(error);
  }
}
