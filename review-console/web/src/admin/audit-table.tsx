import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../src/api/api-types.js';
import { formatHanoiTime } from '../format/time-format.js';
import { Link } from '../router/link.js';
import { auditSummary, type PlaceNames } from './audit-words.js';

/** Audit entries, newest first: when, who, what in words, on which case and ward. */
export function AuditTable({ items, names }: { items: readonly AuditEntry[]; names: PlaceNames }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table admin-audit" aria-describedby="audit-title">
        <thead>
          <tr>
            <th scope="col">{t('auditLog.columns.time')}</th>
            <th scope="col">{t('auditLog.columns.user')}</th>
            <th scope="col">{t('auditLog.columns.action')}</th>
            <th scope="col">{t('auditLog.columns.case')}</th>
            <th scope="col">{t('auditLog.columns.ward')}</th>
            <th scope="col">{t('auditLog.columns.details')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((entry) => (
            <tr key={entry.id} data-audit-id={entry.id} data-action={entry.action}>
              <td className="nowrap" data-testid="audit-time">
                {formatHanoiTime(entry.at)}
              </td>
              <td className="mono" data-testid="audit-user">
                {entry.actor ? entry.actor.username : <span className="muted">{t('auditLog.system')}</span>}
              </td>
              <td data-testid="audit-action">{t(`auditLog.actions.${entry.action}`, { defaultValue: entry.action })}</td>
              <td className="mono small admin-audit__case">
                {entry.violationId ? (
                  <Link to={`/cases/${encodeURIComponent(entry.violationId)}`} className="table__link" aria-label={t('auditLog.openCase', { id: entry.violationId })}>
                    {entry.violationId}
                  </Link>
                ) : (
                  t('common.none')
                )}
              </td>
              <td data-testid="audit-ward">{entry.ward ? names.ward(entry.ward) : t('common.none')}</td>
              <td className="admin-audit__details" data-testid="audit-details">
                {auditSummary(t, entry, names)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
