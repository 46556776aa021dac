import { mapFrames, type Frame, type FrameSource } from '../ingest/frame.js';

/**
 * The camera's frames as a pipeline sees them: the loop ends as soon as `signal` aborts, even
 * while it waits for a frame from a camera that is down, so stopping one camera (a reload) or
 * all of them (shutdown) never waits for the next frame to arrive.
 */
export function abortableSource(source: FrameSource, signal: AbortSignal): FrameSource {
  return mapFrames(source, (inner) => {
    let finished = false;
    const finish = async (): Promise<IteratorResult<Frame>> => {
      if (!finished) {
        finished = true;
        await inner.return?.();
      }
      return { value: undefined, done: true };
    };
    return {
      next: async () => {
        if (finished || signal.aborted) return finish();
        const pending = inner.next();
        // Lost to the abort, a failing read must not become an unhandled rejection.
        pending.catch(() => undefined);
        // A promise of this read's own, its listener removed after: racing every frame against
        // one promise that lives as long as the camera left a reaction on it per frame, which
        // held that frame (about 30 frames a second of garbage never collected on 6 cameras).
        let onAbort: () => void = () => undefined;
        const aborted = new Promise<IteratorResult<Frame>>((resolve) => {
          onAbort = () => resolve({ value: undefined, done: true });
          signal.addEventListener('abort', onAbort, { once: true });
        });
        try {
          const result = await Promise.race([pending, aborted]);
          return result.done || signal.aborted ? finish() : result;
        } finally {
          signal.removeEventListener('abort', onAbort);
        }
      },
      return: finish,
    };
  });
}
