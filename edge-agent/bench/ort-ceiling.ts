import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../src/detect/module-worker.js';
import type { ModelManifest } from '../src/models/model-manifest.js';

function ceilingWorker(data: object): Worker {
  return startModuleWorker(import.meta.url, 'ceiling-worker', { workerData: data });
}

/**
 * The raw ceiling: `sessions` single-threaded sessions, each in its own thread, running a static
 * tensor in parallel. All warm up first and start together so the window measures steady state.
 */
export async function measureOrtCeiling(
  manifest: ModelManifest,
  modelPath: string,
  sessions: number,
  durationMs: number,
): Promise<{ fps: number; msPerRun: number; cpuMsPerRun: number }> {
  const data = { modelPath, inputName: manifest.input.name, width: manifest.input.width, height: manifest.input.height, durationMs };
  const workers = Array.from({ length: sessions }, () => ceilingWorker(data));
  const messages = workers.map((w) => {
    const queue: { type: string; runs?: number; seconds?: number }[] = [];
    const waiters: ((m: { type: string; runs?: number; seconds?: number }) => void)[] = [];
    w.on('message', (m: { type: string }) => {
      const waiter = waiters.shift();
      if (waiter) waiter(m);
      else queue.push(m);
    });
    return () => new Promise<{ type: string; runs?: number; seconds?: number }>((resolve, reject) => {
      const next = queue.shift();
      if (next) resolve(next);
      else waiters.push(resolve);
      w.once('error', reject);
    });
  });
  try {
    await Promise.all(messages.map((next) => next()));
    // Process CPU time covers every thread; the main thread only waits here, so this is the sessions' cost.
    const cpuBefore = process.cpuUsage();
    for (const w of workers) w.postMessage('go');
    const done = await Promise.all(messages.map((next) => next()));
    const cpu = process.cpuUsage(cpuBefore);
    const runs = done.reduce((sum, d) => sum + (d.runs ?? 0), 0);
    const fps = done.reduce((sum, d) => sum + (d.runs ?? 0) / (d.seconds ?? 1), 0);
    const msPerRun = done.reduce((sum, d) => sum + ((d.seconds ?? 0) * 1000) / Math.max(1, d.runs ?? 0), 0) / done.length;
    return { fps, msPerRun, cpuMsPerRun: (cpu.user + cpu.system) / 1000 / Math.max(1, runs) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
