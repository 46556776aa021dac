import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RULE_TYPES, type RuleType, type SummaryResponse } from '../api/types.js';
import { apiFilterOf, filterKey, filterQueryOf, type FilterQuery } from '../components/case-filter.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorBanner } from '../components/error-banner.js';
import { cameraOptions, FilterBar } from '../components/filter-bar.js';
import { rememberQueue } from '../components/queue-order.js';
import { RuleCounts } from '../components/rule-counts.js';
import { useAsync } from '../components/use-async.js';
import { usePagedCases } from '../components/use-paged-cases.js';
import { ruleInWords } from '../format/case-words.js';
import { durationWords, secondsBetween } from '../format/duration-words.js';
import { formatHanoiTime } from '../format/time-format.js';
import { Link } from '../router/link.js';
import { hrefOf, navigate } from '../router/location.js';
import { useApi, useMe } from '../session/session-context.js';

/** Without a date filter the counts cover ten years back (the longest period the figures API takes). */
const COUNT_SPAN_MS = 3_650 * 86_400_000;
const PAGE = 50;

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
  const list = usePagedCases({ ...apiFilter, status: 'pending', order: 'asc', limit: PAGE }, key);
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
  const wardName = (id: string) => me.user.wards.find((w) => w.id === id)?.name ?? id;
  const caseHref = (id: string) => hrefOf(`/cases/${encodeURIComponent(id)}`, query);
  const change = (next: FilterQuery) => navigate(hrefOf('/queue', { ...next }), { replace: true });
  const first = list.items[0];
  useEffect(() => {
    if (!list.loading && !list.error) rememberQueue(key, list.items.map((i) => i.id));
  }, [key, list.items, list.loading, list.error]);
  const now = new Date().toISOString();

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
          <table className="table" aria-describedby="queue-title">
            <thead>
              <tr>
                <th scope="col">{t('queue.columns.time')}</th>
                <th scope="col">{t('queue.columns.rule')}</th>
                <th scope="col">{t('queue.columns.camera')}</th>
                <th scope="col">{t('queue.columns.ward')}</th>
                <th scope="col">{t('queue.columns.waiting')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((item) => (
                <tr key={item.id} data-case-id={item.id} className="table__row--link">
                  <td className="nowrap">
                    <Link to={caseHref(item.id)} aria-label={t('queue.open', { id: item.id.slice(0, 8) })} className="table__link">
                      {formatHanoiTime(item.triggeredAt)}
                    </Link>
                  </td>
                  <td>
                    <span className={`rule-dot rule-dot--${item.ruleType}`} aria-hidden="true" />
                    {ruleInWords(t, item)}
                  </td>
                  <td>{item.cameraName}</td>
                  <td>{wardName(item.ward)}</td>
                  <td className="nowrap">{durationWords(t, secondsBetween(item.receivedAt, now))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.loading ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      {list.hasMore && !list.loading ? (
        <button type="button" className="button" onClick={list.loadMore}>
          {t('queue.loadMore')}
        </button>
      ) : null}
    </section>
  );
}
