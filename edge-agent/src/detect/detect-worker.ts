import { readlinkSync } from 'node:fs';
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { Detector } from './detector.js';
import { createOnnxDetector } from './onnx-detector.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/*
 * One onnxruntime session per worker thread: preprocessing, inference, decoding and NMS all run
 * here, so the main thread only gates and schedules and N workers use N cores.
 */
if (!parentPort) throw new Error('detect-worker must run in a worker thread');
const port: MessagePort = parentPort;
let detector: Detector | undefined;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

// Messages are handled one at a time: the pool sends a worker its next frame only after the last result.
let chain: Promise<void> = Promise.resolve();
port.on('message', (message: ToWorker) => {
  chain = chain.then(() => handle(message));
});

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init':
      try {
        detector = await createOnnxDetector(message);
        send({ type: 'ready', ...osThreadId() });
      } catch (error) {
        send({ type: 'init-error', message: (error as Error).message, name: (error as Error).name });
      }
      return;
    case 'detect':
      try {
        if (!detector) throw new Error('detector not initialised');
        const data = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
        const outcome = await detector.detect({ ...message, data });
        // The pixels are in the tensor now: the frame's memory goes back to be reused.
        send({ type: 'result', id: message.id, detections: outcome.detections, inferenceSeconds: outcome.inferenceSeconds, buffer: message.buffer }, [message.buffer]);
      } catch (error) {
        send({ type: 'detect-error', id: message.id, message: (error as Error).message, buffer: message.buffer }, [message.buffer]);
      }
      return;
    case 'close':
      await detector?.close();
      detector = undefined;
      send({ type: 'closed' });
      port.close();
      return;
  }
}

/** This thread's kernel id from /proc/thread-self (`<pid>/task/<tid>`); nothing where there is no such file. */
function osThreadId(): { osThreadId?: number } {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) ? { osThreadId: id } : {};
  } catch {
    // Not Linux: per-thread CPU is simply not reported.
    return {};
  }
}
