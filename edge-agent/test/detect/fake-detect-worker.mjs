// A stand-in detect worker for the pool's failure tests, speaking the real worker protocol.
// workerData.mode: 'stuck' never finishes a frame, 'crash' exits on its first frame, 'init-fail'
// refuses to load the model, 'init-hang' never answers the model load, 'native-hang' blocks in a
// native call for workerData.seconds (as a hung onnxruntime run would: terminate() cannot stop it).
import { execFileSync } from 'node:child_process';
import { parentPort, workerData } from 'node:worker_threads';

parentPort.on('message', (message) => {
  if (message.type === 'init') {
    if (workerData.mode === 'init-hang') return;
    if (workerData.mode === 'init-fail') parentPort.postMessage({ type: 'init-error', name: 'Error', message: 'cannot load the model just now' });
    else parentPort.postMessage({ type: 'ready' });
  } else if (message.type === 'detect') {
    if (workerData.mode === 'crash') process.exit(3);
    if (workerData.mode === 'native-hang') execFileSync('sleep', [String(workerData.seconds)]);
    // A run that never returns: the thread stays busy until it is terminated.
    for (;;);
  } else if (message.type === 'close') {
    process.exit(0);
  }
});
