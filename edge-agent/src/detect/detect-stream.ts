import type { FrameSource } from '../ingest/frame.js';
import type { FrameDetections } from './detection.js';
import type { DetectorPool, PoolCamera } from './detector-pool.js';

/**
 * Feeds one camera's FrameSource through the pool and yields its results in frame order until
 * the source ends; the source is stopped when the consumer stops iterating.
 */
export async function* detectStream(pool: DetectorPool, source: FrameSource, camera?: PoolCamera): AsyncGenerator<FrameDetections> {
  if (camera) pool.addCamera(source.cameraId, camera);
  const results: FrameDetections[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let failure: unknown;
  const unsubscribe = pool.subscribe((result) => {
    if (result.cameraId !== source.cameraId) return;
    results.push(result);
    wake?.();
  });
  const feeding = (async () => {
    for await (const frame of source.frames()) pool.submit(frame);
  })()
    .catch((error: unknown) => {
      failure = error;
    })
    .finally(() => {
      ended = true;
      wake?.();
    });
  const finished = (): boolean => ended && pool.waiting(source.cameraId) === 0;
  try {
    for (;;) {
      while (results.length > 0) yield results.shift()!;
      if (failure !== undefined) throw failure as Error;
      if (finished()) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (results.length > 0 || finished()) resolve();
      });
      wake = undefined;
    }
  } finally {
    unsubscribe();
    await source.stop();
    await feeding;
  }
}
