import { useCallback, useEffect, useRef, useState } from 'react';

/** The agent picks a task up on its next sync (every few seconds); the page asks once a second. */
const POLL_MS = 1_000;
/** The console calls a task expired well before this; past it the page stops asking on its own. */
const GIVE_UP_MS = 90_000;

export type AgentTaskState<View> =
  | { phase: 'idle' }
  | { phase: 'waiting'; view: View | null }
  | { phase: 'done'; view: View }
  | { phase: 'error'; error: unknown };

/**
 * Something the console asks the agent to do for the installer (test a stream, find cameras):
 * `begin` posts it and returns its id, `look` reads it until it is no longer pending. Starting
 * again abandons the previous one; leaving the page stops the polling. Both callbacks must be
 * stable (useCallback).
 */
export function useAgentTask<Request, View extends { state: string }>(
  begin: (request: Request) => Promise<string>,
  look: (id: string) => Promise<View>,
): { state: AgentTaskState<View>; start: (request: Request) => void } {
  const [state, setState] = useState<AgentTaskState<View>>({ phase: 'idle' });
  const round = useRef(0);

  useEffect(
    () => () => {
      round.current += 1;
    },
    [],
  );

  const start = useCallback(
    (request: Request) => {
      const mine = ++round.current;
      const live = () => round.current === mine;
      setState({ phase: 'waiting', view: null });
      const run = async () => {
        const id = await begin(request);
        const deadline = Date.now() + GIVE_UP_MS;
        while (live()) {
          const view = await look(id);
          if (!live()) return;
          if (view.state !== 'pending' || Date.now() > deadline) {
            setState({ phase: 'done', view });
            return;
          }
          setState({ phase: 'waiting', view });
          await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
        }
      };
      run().catch((error: unknown) => {
        if (live()) setState({ phase: 'error', error });
      });
    },
    [begin, look],
  );

  return { state, start };
}
