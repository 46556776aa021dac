import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';

/* One single-threaded session running a static tensor back to back: the hardware ceiling. */
const { modelPath, inputName, width, height, durationMs } = workerData as { modelPath: string; inputName: string; width: number; height: number; durationMs: number };
const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
const tensor = new ort.Tensor('float32', new Float32Array(3 * width * height).fill(114), [1, 3, height, width]);
for (let i = 0; i < 3; i++) await session.run({ [inputName]: tensor });
parentPort?.postMessage({ type: 'warm' });
await new Promise<void>((resolve) => parentPort?.once('message', () => resolve()));
let runs = 0;
const started = performance.now();
while (performance.now() - started < durationMs) {
  await session.run({ [inputName]: tensor });
  runs++;
}
const seconds = (performance.now() - started) / 1000;
await session.release();
parentPort?.postMessage({ type: 'done', runs, seconds });
