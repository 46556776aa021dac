import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RULE_TYPES, type RuleType, type SummaryResponse } from '../api/types.js';
import { apiFilterOf, filterKey, filterQueryOf, type FilterQuery } from '../components/case-filter.js';
import { groupRepeats, type CaseGroup } from '../components/case-groups.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorBanner } from '../components/error-banner.js';
import { cameraOptions, FilterBar } from '../components/filter-bar.js';
import { flash } from '../components/flash.js';
import { rememberQueue } from '../components/queue-order.js';
import { QueueRow, type BulkMode } from '../components/queue-rows.js';
import { RuleCounts } from '../components/rule-counts.js';
import { useAsync } from '../components/use-async.js';
import { useNearEnd } from '../components/use-near-end.js';
import { usePagedCases } from '../components/use-paged-cases.js';
import { ConfirmDialog } from '../installer/confirm-dialog.js';
import { Link } from '../router/link.js';
import { hrefOf, navigate } from '../router/location.js';
import { useApi, useMe } from '../session/session-context.js';

/** Without a date filter the counts cover ten years back (the longest period the figures API takes). */
const COUNT_SPAN_MS = 3_650 * 86_400_000;
/** Cases per request. */
const PAGE = 200;
/**
 * Pages up to this many cases load one after another as soon as the first is shown, while the
 * officer reads it; beyond, the next page comes as the officer scrolls near the end.
 */
const PRELOAD = 1_000;

function pendingCounts(summary: SummaryResponse): Record<RuleType, number> {
  const counts = Object.fromEntries(RULE_TYPES.map((r) => [r, 0])) as Record<RuleType, number>;
  for (const row of summary.rows) if (row.ruleType) counts[row.ruleType] += row.pending;
  return counts;
}

export function QueueScreen({ query }: { query: URLSearchParams }) {
  const { t } = useTranslation();
  const api = useApi();
  const me = useMe();
  const filter = filterQueryOf(query);
  const key = filterKey(filter);
  const apiFilter = apiFilterOf(filter);
  const list = usePagedCases({ ...apiFilter, status: 'pending', order: 'asc', limit: PAGE }, key, { preload: PRELOAD });
  const countsKey = [filter.ward, filter.camera, filter.from, filter.to].join('|');
  const ruleFigures = useAsync(() => {
    const to = apiFilter.to ?? new Date(Date.now() + 86_400_000).toISOString();
    const from = apiFilter.from ?? new Date(Date.parse(to) - COUNT_SPAN_MS).toISOString();
    return api.countsByRule({ from, to, ward: apiFilter.ward, camera: apiFilter.camera });
  }, countsKey);
  const cameras = useAsync(() => api.cameras(), 'cameras');

  const counts = ruleFigures.data ? pendingCounts(ruleFigures.data) : null;
  const total = counts ? (apiFilter.rule ? counts[apiFilter.rule] : RULE_TYPES.reduce((sum, r) => sum + counts[r], 0)) : null;
  const options = useMemo(() => cameraOptions(cameras.data ?? [], list.items), [cameras.data, list.items]);
  // An officer of one ward needs no ward column: every case is theirs.
  const showWard = me.user.role !== 'officer' || me.user.wards.length > 1;
  const wardName = (id: string) => (showWard ? (me.user.wards.find((w) => w.id === id)?.name ?? id) : undefined);
  const caseHref = (id: string) => hrefOf(`/cases/${encodeURIComponent(id)}`, query);
  const change = (next: FilterQuery) => navigate(hrefOf('/queue', { ...next }), { replace: true });
  const first = list.items[0];
  const groups = useMemo(() => groupRepeats(list.items), [list.items]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [bulk, setBulk] = useState<{ group: CaseGroup; mode: BulkMode } | null>(null);
  const askBulk = useCallback((group: CaseGroup, mode: BulkMode) => setBulk({ group, mode }), []);
  const supervisor = me.user.role === 'supervisor' || me.user.role === 'admin';
  const more = useNearEnd<HTMLDivElement>(() => list.hasMore && !list.loading && list.loadMore(), list.hasMore && !list.loading);

  const toggle = useCallback(
    (id: string) =>
      setExpanded((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const dismissGroup = async (group: CaseGroup, mode: BulkMode) => {
    const ids = mode === 'all' ? [group.first.id, ...group.repeats.map((r) => r.id)] : group.repeats.map((r) => r.id);
    const result = await api.decideMany({ ids, decision: 'dismissed', reason: mode === 'all' ? 'false_detection' : 'duplicate' });
    setBulk(null);
    flash(t('queue.group.done', { count: result.decided.length }) + (result.skipped.length > 0 ? ` ${t('queue.group.skipped', { count: result.skipped.length })}` : ''));
    list.reload();
    ruleFigures.reload();
  };
  useEffect(() => {
    if (!list.loading && !list.error) rememberQueue(key, list.items.map((i) => i.id));
  }, [key, list.items, list.loading, list.error]);
  // Fixed per filter: waiting times are "as of opening the list", so rows already shown need not
  // re-render as more pages arrive.
  const now = useMemo(() => new Date().toISOString(), [key]);

  return (
    <section className="screen" aria-labelledby="queue-title">
      <div className="screen__head">
        <div>
          <h1 id="queue-title" className="screen__title">
            {t('queue.title')}
          </h1>
          <p className="screen__subtitle" aria-live="polite">
            {total === null ? t('common.loading') : t('queue.summary', { count: total })}
          </p>
        </div>
        {first ? (
          <Link to={caseHref(first.id)} className="button button--primary">
            {t('queue.start')}
          </Link>
        ) : null}
      </div>
      <FilterBar value={filter} wards={me.user.wards} cameras={options} onChange={change} />
      <RuleCounts counts={counts} selected={filter.rule} onSelect={(rule) => change({ ...filter, rule })} />
      <ErrorBanner error={list.error ?? ruleFigures.error} onRetry={() => (list.reload(), ruleFigures.reload())} />
      {!list.loading && !list.error && list.items.length === 0 ? (
        <EmptyState title={t('queue.emptyTitle')}>
          <p>{Object.values(filter).some((v) => v !== '') ? t('queue.emptyFiltered') : t('queue.emptyAll')}</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table--queue" aria-describedby="queue-title">
            <colgroup>
              <col className="queue__col-thumb" />
              <col className="queue__col-time" />
              <col />
              <col className="queue__col-camera" />
              {showWard ? <col className="queue__col-ward" /> : null}
              <col className="queue__col-waiting" />
              <col className="queue__col-group" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('queue.columns.picture')}</span>
                </th>
                <th scope="col">{t('queue.columns.time')}</th>
                <th scope="col">{t('queue.columns.rule')}</th>
                <th scope="col">{t('queue.columns.camera')}</th>
                {showWard ? <th scope="col">{t('queue.columns.ward')}</th> : null}
                <th scope="col">{t('queue.columns.waiting')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('queue.columns.repeats')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.flatMap((group) => {
                const open = expanded.has(group.first.id);
                const head = (
                  <QueueRow key={group.first.id} item={group.first} href={caseHref(group.first.id)} wardName={wardName(group.first.ward)} now={now} group={group} expanded={open} onToggle={toggle} onBulk={supervisor ? askBulk : undefined} />
                );
                if (!open) return [head];
                return [head, ...group.repeats.map((item) => <QueueRow key={item.id} item={item} href={caseHref(item.id)} wardName={wardName(item.ward)} now={now} repeat />)];
              })}
            </tbody>
          </table>
        </div>
      )}
      {list.loading ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      <div ref={more} aria-hidden="true" />
      {list.hasMore && !list.loading ? (
        <button type="button" className="button" onClick={list.loadMore}>
          {t('queue.loadMore')}
        </button>
      ) : null}
      {bulk ? (
        <ConfirmDialog
          title={bulk.mode === 'all' ? t('queue.group.dismissAllTitle') : t('queue.group.dismissDuplicatesTitle')}
          confirmLabel={bulk.mode === 'all' ? t('queue.group.dismissAll', { count: bulk.group.repeats.length + 1 }) : t('queue.group.dismissDuplicates', { count: bulk.group.repeats.length })}
          onConfirm={() => dismissGroup(bulk.group, bulk.mode)}
          onClose={() => setBulk(null)}
        >
          <p>
            {bulk.mode === 'all'
              ? t('queue.group.dismissAllText', { count: bulk.group.repeats.length + 1, camera: bulk.group.first.cameraName })
              : t('queue.group.dismissDuplicatesText', { count: bulk.group.repeats.length, camera: bulk.group.first.cameraName })}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
