import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProbeRequest, ProbeView } from '../api/types.js';
import { useApi } from '../session/session-context.js';

/** The agent picks a probe up on its next sync (every few seconds) and needs up to 15 s for it. */
const POLL_MS = 1_000;
/** The console calls a probe expired after 30 s; past this the page stops asking on its own. */
const GIVE_UP_MS = 60_000;

export type ProbeState =
  | { phase: 'idle' }
  | { phase: 'waiting'; view: ProbeView | null }
  | { phase: 'done'; view: ProbeView }
  | { phase: 'error'; error: unknown };

/**
 * Asks the agent to test a stream (POST probe) and polls until it answers ok, failed or
 * expired. Starting again abandons the previous probe; leaving the page stops the polling.
 */
export function useProbe(agentId: string): { state: ProbeState; start: (request: ProbeRequest) => void } {
  const api = useApi();
  const [state, setState] = useState<ProbeState>({ phase: 'idle' });
  const round = useRef(0);

  useEffect(
    () => () => {
      round.current += 1;
    },
    [],
  );

  const start = useCallback(
    (request: ProbeRequest) => {
      const mine = ++round.current;
      const live = () => round.current === mine;
      setState({ phase: 'waiting', view: null });
      const run = async () => {
        const probeId = await api.installer.startProbe(agentId, request);
        const deadline = Date.now() + GIVE_UP_MS;
        while (live()) {
          const view = await api.installer.probe(agentId, probeId);
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
    [api, agentId],
  );

  return { state, start };
}
