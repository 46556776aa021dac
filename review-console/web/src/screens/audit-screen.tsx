import { useTranslation } from 'react-i18next';
import type { AuditQuery } from '../admin/audit-query.js';
import { auditFilterOf, auditQueryKey, auditQueryOf } from '../admin/audit-query.js';
import { AuditFilters } from '../admin/audit-filters.js';
import { AuditTable } from '../admin/audit-table.js';
import type { PlaceNames } from '../admin/audit-words.js';
import { useAuditPages } from '../admin/use-audit-pages.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorBanner } from '../components/error-banner.js';
import { useAsync } from '../components/use-async.js';
import { hrefOf, navigate } from '../router/location.js';
import { useApi, useMe } from '../session/session-context.js';
import '../styles/admin.css';

const PAGE = 50;

/** The audit log for supervisors (their district's cases) and admins (everything), filtered from the address. */
export function AuditScreen({ query }: { query: URLSearchParams }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const me = useMe();
  const value = auditQueryOf(query);
  const filter = auditFilterOf(value);
  const pages = useAuditPages(filter, auditQueryKey(value), PAGE);
  const admin = me.user.role === 'admin';
  // District names only matter in user changes, which only admins see.
  const districts = useAsync(() => (admin ? api.admin.districts() : Promise.resolve([])), `audit-districts:${admin}`);
  const names: PlaceNames = {
    ward: (id) => me.user.wards.find((w) => w.id === id)?.name ?? id,
    district: (id) => districts.data?.find((d) => d.id === id)?.name ?? id,
  };
  const go = (next: AuditQuery) => navigate(hrefOf('/audit', { ...next }), { replace: true });
  const knownUsers = [...new Set(pages.items.flatMap((e) => (e.actor ? [e.actor.username] : [])))].sort();
  const csvHref = api.admin.auditCsvHref(filter, i18n.language === 'en' ? 'en' : 'vi');

  return (
    <section className="screen admin" aria-labelledby="audit-title">
      <div className="screen__head">
        <div>
          <h1 id="audit-title" className="screen__title">
            {t('auditLog.title')}
          </h1>
          <p className="screen__subtitle" aria-live="polite">
            {t('auditLog.shown', { count: pages.items.length })}
          </p>
        </div>
        <a className="button" href={csvHref} download title={t('auditLog.csvHint')}>
          {t('auditLog.csv')}
        </a>
      </div>
      <p className="muted">{admin ? t('auditLog.introAdmin') : t('auditLog.introSupervisor')}</p>
      <AuditFilters value={value} knownUsers={knownUsers} onChange={go} />
      <ErrorBanner error={pages.error} onRetry={pages.reload} />
      {!pages.loading && !pages.error && pages.items.length === 0 ? <EmptyState title={t('auditLog.empty')} /> : null}
      {pages.items.length > 0 ? <AuditTable items={pages.items} names={names} /> : null}
      {pages.loading ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      {pages.hasMore && !pages.loading ? (
        <button type="button" className="button" onClick={pages.loadMore}>
          {t('auditLog.loadMore')}
        </button>
      ) : null}
    </section>
  );
}
