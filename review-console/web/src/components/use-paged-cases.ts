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

/**
 * Cursor pages of one list query, restarted whenever the query changes. With `preload`, pages
 * keep coming until that many cases are in, each asked for as soon as the one before arrives,
 * so the next request is on the wire while the browser renders the last one.
 */
export function usePagedCases(params: ListParams, key: string, options: { preload?: number } = {}): PagedCases {
  const api = useApi();
  const [items, setItems] = useState<ViolationSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [round, setRound] = useState(0);
  const generation = useRef(0);
  const paramsRef = useRef(params);
  paramsRef.current = params;
  const preload = options.preload ?? 0;

  const fetchPage = useCallback(
    (after: string | null, replace: boolean, loadedBefore = 0) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(undefined);
      api.listViolations({ ...paramsRef.current, ...(after ? { cursor: after } : {}) }).then(
        (page) => {
          if (mine !== generation.current) return;
          setItems((current) => (replace ? page.items : [...current, ...page.items]));
          setCursor(page.nextCursor);
          const loaded = (replace ? 0 : loadedBefore) + page.items.length;
          if (page.nextCursor !== null && loaded < preload) fetchPage(page.nextCursor, false, loaded);
          else setLoading(false);
        },
        (failure: unknown) => {
          if (mine !== generation.current) return;
          setError(failure);
          setLoading(false);
        },
      );
    },
    [api, preload],
  );

  useEffect(() => {
    fetchPage(null, true);
  }, [key, round, fetchPage]);

  const loadMore = useCallback(() => {
    if (cursor) fetchPage(cursor, false, items.length);
  }, [cursor, fetchPage, items.length]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore,
    reload: () => setRound((r) => r + 1),
  };
}
