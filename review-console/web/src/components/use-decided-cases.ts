import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseFilter } from '../api/console-api.js';
import type { ViolationDetail, ViolationSummary } from '../api/types.js';
import { useApi } from '../session/session-context.js';

type DecidedStatus = 'confirmed' | 'dismissed';
const PAGE = 50;
const DETAIL_CONCURRENCY = 4;

export interface DecidedCases {
  items: ViolationSummary[];
  /** Case id -> its decision; filled in as the details arrive. */
  decisions: ReadonlyMap<string, NonNullable<ViolationDetail['decision']>>;
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/**
 * Decided cases, newest first. The list API filters one status at a time and its summaries do
 * not say who decided, so this merges the confirmed and dismissed streams and then asks for each
 * case's detail (a few at a time) to learn the decision.
 */
export function useDecidedCases(filter: CaseFilter, statuses: readonly DecidedStatus[], key: string): DecidedCases {
  const api = useApi();
  const [items, setItems] = useState<ViolationSummary[]>([]);
  const [cursors, setCursors] = useState<Partial<Record<DecidedStatus, string | null>>>({});
  const [decisions, setDecisions] = useState<Map<string, NonNullable<ViolationDetail['decision']>>>(new Map());
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [round, setRound] = useState(0);
  const generation = useRef(0);
  // Bumped only when the list starts over, so details for earlier pages keep landing on "load more".
  const epoch = useRef(0);
  const args = useRef({ filter, statuses });
  args.current = { filter, statuses };

  const fetchDecisions = useCallback(
    async (ids: string[], mine: number) => {
      const queue = [...ids];
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          try {
            const detail = await api.violation(id);
            if (mine !== epoch.current || !detail.decision) continue;
            const decision = detail.decision;
            setDecisions((current) => new Map(current).set(id, decision));
          } catch {
            // One missing detail leaves its "decided by" blank; the row itself is still right.
          }
        }
      };
      await Promise.all(Array.from({ length: DETAIL_CONCURRENCY }, worker));
    },
    [api],
  );

  const fetchPages = useCallback(
    (after: Partial<Record<DecidedStatus, string | null>>, replace: boolean) => {
      const mine = ++generation.current;
      if (replace) epoch.current += 1;
      const listEpoch = epoch.current;
      setLoading(true);
      setError(undefined);
      const wanted = args.current.statuses.filter((s) => replace || typeof after[s] === 'string');
      Promise.all(
        wanted.map(async (status) => {
          const cursor = after[status];
          const page = await api.listViolations({ ...args.current.filter, status, order: 'desc', limit: PAGE, ...(cursor ? { cursor } : {}) });
          return [status, page] as const;
        }),
      ).then(
        (pages) => {
          if (mine !== generation.current) return;
          const fresh = pages.flatMap(([, page]) => page.items);
          setItems((current) => [...(replace ? [] : current), ...fresh].sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt)));
          setCursors((current) => ({ ...(replace ? {} : current), ...Object.fromEntries(pages.map(([status, page]) => [status, page.nextCursor])) }));
          if (replace) setDecisions(new Map());
          setLoading(false);
          void fetchDecisions(
            fresh.map((i) => i.id),
            listEpoch,
          );
        },
        (failure: unknown) => {
          if (mine !== generation.current) return;
          setError(failure);
          setLoading(false);
        },
      );
    },
    [api, fetchDecisions],
  );

  useEffect(() => {
    fetchPages({}, true);
  }, [key, round, fetchPages]);

  const hasMore = Object.values(cursors).some((c) => typeof c === 'string');
  return {
    items,
    decisions,
    loading,
    error,
    hasMore,
    loadMore: () => fetchPages(cursors, false),
    reload: () => setRound((r) => r + 1),
  };
}
