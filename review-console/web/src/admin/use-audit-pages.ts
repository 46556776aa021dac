import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEntry } from '../../../src/api/api-types.js';
import { useApi } from '../session/session-context.js';
import type { AuditFilter } from './admin-api.js';

export interface AuditPages {
  items: AuditEntry[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/** Cursor pages of the audit log, newest first, restarted whenever the filter (its `key`) changes. */
export function useAuditPages(filter: AuditFilter, key: string, pageSize: number): AuditPages {
  const api = useApi();
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [round, setRound] = useState(0);
  // An answer for an older filter or page that arrives late is dropped.
  const generation = useRef(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const fetchPage = useCallback(
    (after: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(undefined);
      api.admin.audit(filterRef.current, after, pageSize).then(
        (page) => {
          if (mine !== generation.current) return;
          setItems((current) => (after === null ? page.items : [...current, ...page.items]));
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
    [api, pageSize],
  );

  useEffect(() => {
    fetchPage(null);
  }, [key, round, fetchPage]);

  const loadMore = useCallback(() => {
    if (cursor) fetchPage(cursor);
  }, [cursor, fetchPage]);
  const reload = useCallback(() => setRound((r) => r + 1), []);

  return { items, loading, error, hasMore: cursor !== null, loadMore, reload };
}
