import { useMemo, useState } from 'react';
import { Field } from '../components/field.js';
import { useTranslation } from 'react-i18next';
import type { ViolationSummary } from '../api/types.js';
import { apiFilterOf, filterKey, filterQueryOf, type FilterQuery } from '../components/case-filter.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorBanner } from '../components/error-banner.js';
import { cameraOptions, FilterBar } from '../components/filter-bar.js';
import { flash } from '../components/flash.js';
import { ReopenDialog } from '../components/reopen-dialog.js';
import { useAsync } from '../components/use-async.js';
import { usePagedCases } from '../components/use-paged-cases.js';
import { outcomeWords, reasonText, ruleInWords, ruleName } from '../format/case-words.js';
import { formatHanoiTime } from '../format/time-format.js';
import { Link } from '../router/link.js';
import { hrefOf, navigate } from '../router/location.js';
import { useApi, useMe } from '../session/session-context.js';

type StatusChoice = '' | 'confirmed' | 'dismissed';
const PAGE = 50;

function statusChoice(value: string | null): StatusChoice {
  return value === 'confirmed' || value === 'dismissed' ? value : '';
}

/** Without chosen days, the export covers ten years back (the longest the export takes). */
const EXPORT_SPAN_MS = 3_650 * 86_400_000;

export function HistoryScreen({ query }: { query: URLSearchParams }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const me = useMe();
  const filter = filterQueryOf(query);
  const status = statusChoice(query.get('status'));
  const search = query.get('q') ?? '';
  const [searchText, setSearchText] = useState(search);
  const [reopening, setReopening] = useState<ViolationSummary | null>(null);
  // One keyset stream, newest first; each summary already says who decided and why.
  const cases = usePagedCases({ ...apiFilterOf(filter), status: status === '' ? 'decided' : status, order: 'desc', limit: PAGE }, `${filterKey(filter)}|${status}`);
  const cameras = useAsync(() => api.cameras(), 'cameras');
  const supervisor = me.user.role === 'supervisor' || me.user.role === 'admin';
  const wardName = (id: string) => me.user.wards.find((w) => w.id === id)?.name ?? id;
  // The CSV of what this page lists (decided in the chosen days, else the last ten years), for the ward's paperwork.
  const exportFilter = apiFilterOf(filter);
  const exportHref = api.exportCsvHref(
    {
      from: exportFilter.from ?? new Date(Date.now() - EXPORT_SPAN_MS).toISOString(),
      to: exportFilter.to ?? new Date(Date.now() + 86_400_000).toISOString(),
      ward: exportFilter.ward,
      camera: exportFilter.camera,
      rule: exportFilter.rule,
      status: status === '' ? undefined : status,
    },
    i18n.language,
  );

  const go = (next: FilterQuery, nextStatus: StatusChoice, q: string) => navigate(hrefOf('/history', { ...next, status: nextStatus, q }), { replace: true });

  const visible = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    if (!needle) return cases.items;
    // Searches what is loaded: the words on screen, the case id and who decided.
    return cases.items.filter((item) => {
      const d = item.decision;
      const hay = [item.id, item.cameraName, item.cameraId, item.zoneId, wardName(item.ward), ruleName(t, item.ruleType), d?.decidedBy.username, d ? reasonText(t, d.reason) : '', d?.reason]
        .filter(Boolean)
        .join(' ')
        .toLocaleLowerCase();
      return hay.includes(needle);
    });
  }, [cases.items, search, t]);

  return (
    <section className="screen" aria-labelledby="history-title">
      <div className="screen__head">
        <div>
          <h1 id="history-title" className="screen__title">
            {t('history.title')}
          </h1>
          <p className="screen__subtitle" aria-live="polite">
            {t('history.shown', { count: visible.length })}
          </p>
        </div>
        <a className="button" href={exportHref} download data-testid="history-export">
          {t('history.export')}
        </a>
      </div>
      <FilterBar value={filter} wards={me.user.wards} cameras={cameraOptions(cameras.data ?? [], cases.items)} onChange={(next) => go(next, status, search)}>
        <Field label={t('filters.search')} className="field--inline field--grow">
          {(id) => (
            <input id={id}
              className="input"
              type="search"
              name="q"
              placeholder={t('filters.searchPlaceholder')}
              value={searchText}
              onChange={(e) => {
                setSearchText(e.target.value);
                go(filter, status, e.target.value);
              }}
            />
          )}
        </Field>
        <Field label={t('filters.status')} className="field--inline">
          {(id) => (
            <select id={id} className="input" name="status" value={status} onChange={(e) => go(filter, statusChoice(e.target.value), search)}>
              <option value="">{t('filters.all')}</option>
              <option value="confirmed">{t('status.confirmed')}</option>
              <option value="dismissed">{t('status.dismissed')}</option>
            </select>
          )}
        </Field>
      </FilterBar>
      <ErrorBanner error={cases.error} onRetry={cases.reload} />
      {!cases.loading && !cases.error && visible.length === 0 ? (
        <EmptyState title={search ? t('history.emptySearch') : t('history.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table table--cards" aria-describedby="history-title">
            <thead>
              <tr>
                <th scope="col">{t('history.columns.time')}</th>
                <th scope="col">{t('history.columns.rule')}</th>
                <th scope="col">{t('history.columns.decision')}</th>
                <th scope="col">{t('history.columns.decidedBy')}</th>
                {supervisor ? <th scope="col">{t('history.columns.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {visible.map((item) => {
                const d = item.decision;
                return (
                  <tr key={item.id} data-case-id={item.id}>
                    <td className="nowrap">
                      <Link to={`/cases/${encodeURIComponent(item.id)}`} className="table__link">
                        {formatHanoiTime(item.triggeredAt)}
                      </Link>
                    </td>
                    <td>
                      {ruleInWords(t, item)}
                      <span className="muted small block">
                        {item.cameraName} · {wardName(item.ward)}
                      </span>
                    </td>
                    <td>
                      <span className={`status status--${item.status}`}>{outcomeWords(t, item.status, d?.reason)}</span>
                      <span className="small block">{d ? reasonText(t, d.reason) : null}</span>
                    </td>
                    <td data-label={t('history.columns.decidedBy')}>
                      <span data-testid="decided-by">{d ? d.decidedBy.username : t('common.none')}</span>
                      <span className="muted small block nowrap">{item.decidedAt ? formatHanoiTime(item.decidedAt) : null}</span>
                    </td>
                    {supervisor ? (
                      <td>
                        {item.purged ? (
                          <span className="muted small">{t('history.purged')}</span>
                        ) : (
                          <button type="button" className="button button--small" onClick={() => setReopening(item)}>
                            {t('history.reopen')}
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {cases.loading ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      {cases.hasMore && !cases.loading ? (
        <button type="button" className="button" onClick={cases.loadMore}>
          {t('history.loadMore')}
        </button>
      ) : null}
      {reopening ? (
        <ReopenDialog
          onClose={() => setReopening(null)}
          onSubmit={async (reason) => {
            await api.reopen(reopening.id, reason);
            setReopening(null);
            flash(t('history.reopened'));
            cases.reload();
          }}
        />
      ) : null}
    </section>
  );
}
