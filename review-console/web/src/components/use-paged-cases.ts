import { useCallback, useEffect, useRef, useState } from 'react';
import type { ListParams } from '../api/console-api.js';
import type { ViolationSummary } from '../api/types.js';
import { useApi } from '../session/session-context.js';

export interface PagedCases {
  items: ViolationSummary[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/** Cursor pages of one list query, restarted whenever the query changes. */
export function usePagedCases(params: ListParams, key: string): PagedCases {
  const api = useApi();
  const [items, setItems] = useState<ViolationSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [round, setRound] = useState(0);
  const generation = useRef(0);
  const paramsRef = useRef(params);
  paramsRef.current = params;

  const fetchPage = useCallback(
    (after: string | null, replace: boolean) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(undefined);
      api.listViolations({ ...paramsRef.current, ...(after ? { cursor: after } : {}) }).then(
        (page) => {
          if (mine !== generation.current) return;
          setItems((current) => (replace ? page.items : [...current, ...page.items]));
          setCursor(page.nextCursor);
          setLoading(false);
        },
        (failure: unknown) => {
          if (mine !== generation.current) return;
          setError(failure);
          setLoading(false);
        },
      );
    },
    [api],
  );

  useEffect(() => {
    fetchPage(null, true);
  }, [key, round, fetchPage]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => cursor && fetchPage(cursor, false),
    reload: () => setRound((r) => r + 1),
  };
}
