import { mapFrames, type Frame, type FrameSource } from '../ingest/frame.js';

/**
 * The camera's frames as a pipeline sees them: the loop ends as soon as `signal` aborts, even
 * while it waits for a frame from a camera that is down, so stopping one camera (a reload) or
 * all of them (shutdown) never waits for the next frame to arrive.
 */
export function abortableSource(source: FrameSource, signal: AbortSignal): FrameSource {
  return mapFrames(source, (inner) => {
    const ended = new Promise<IteratorResult<Frame>>((resolve) => {
      const done = (): void => resolve({ value: undefined, done: true });
      if (signal.aborted) done();
      else signal.addEventListener('abort', done, { once: true });
    });
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
        const result = await Promise.race([pending, ended]);
        return result.done || signal.aborted ? finish() : result;
      },
      return: finish,
    };
  });
}
