import { useTranslation } from 'react-i18next';
import type { DashboardResponse } from '../api/types.js';
import { durationWords, secondsBetween } from '../format/duration-words.js';
import { formatCount } from '../format/number-format.js';
import { formatHanoiTime } from '../format/time-format.js';

/**
 * Waiting cases against the decision deadline, per ward: how many wait, how many are overdue,
 * since when the oldest waits. Right now, whatever period the page shows.
 */
export function DeadlineTable({ deadline, now }: { deadline: DashboardResponse['deadline']; now: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="table-wrap">
      <table className="table table--figures" data-testid="dash-deadline">
        <caption className="visually-hidden">{t('dashboard.deadline.title', { hours: deadline.hours })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.columns.ward')}</th>
            <th scope="col" className="num">
              {t('dashboard.deadline.pending')}
            </th>
            <th scope="col" className="num">
              {t('dashboard.deadline.overdue', { hours: deadline.hours })}
            </th>
            <th scope="col">{t('dashboard.deadline.oldest')}</th>
          </tr>
        </thead>
        <tbody>
          {deadline.wards.map((row) => (
            <tr key={row.ward} data-row-key={row.ward} className={row.overdue > 0 ? 'row--overdue' : undefined}>
              <th scope="row">{row.wardName}</th>
              <td className="num" data-col="pending">
                {formatCount(lang, row.pending)}
              </td>
              <td className="num" data-col="overdue">
                {row.overdue > 0 ? <strong className="overdue">{formatCount(lang, row.overdue)}</strong> : formatCount(lang, 0)}
              </td>
              <td data-col="oldest">
                {row.oldestReceivedAt ? (
                  <>
                    {t('dashboard.deadline.waiting', { duration: durationWords(t, secondsBetween(row.oldestReceivedAt, now)) })}
                    <span className="muted small block">{t('dashboard.deadline.since', { time: formatHanoiTime(row.oldestReceivedAt) })}</span>
                  </>
                ) : (
                  t('common.none')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Who decided the period's cases, busiest first: the district head's view of each officer's load. */
export function OfficerTable({ officers }: { officers: DashboardResponse['officers'] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (officers.length === 0) return <p className="muted">{t('dashboard.officers.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="table table--figures" data-testid="dash-officers">
        <caption className="visually-hidden">{t('dashboard.officers.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.officers.officer')}</th>
            <th scope="col" className="num">
              {t('dashboard.officers.decided')}
            </th>
            <th scope="col" className="num">
              {t('dashboard.columns.confirmed')}
            </th>
            <th scope="col" className="num">
              {t('dashboard.columns.dismissed')}
            </th>
          </tr>
        </thead>
        <tbody>
          {officers.map((row) => (
            <tr key={row.username} data-row-key={row.username}>
              <th scope="row">{row.username}</th>
              <td className="num" data-col="decided">
                {formatCount(lang, row.decided)}
              </td>
              <td className="num">{formatCount(lang, row.confirmed)}</td>
              <td className="num">{formatCount(lang, row.dismissed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
