import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryRow } from '../api/types.js';
import { formatCount } from '../format/number-format.js';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * Cases per local hour of day (columns) and weekday (rows, Monday first), shaded against the
 * busiest cell. A table rather than a chart: every cell is readable and announced with its count.
 */
export function HourHeatmap({ cells, caption }: { cells: readonly SummaryRow[]; caption: string }) {
  const { t, i18n } = useTranslation();
  const byCell = new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c.total]));
  const max = Math.max(0, ...byCell.values());
  return (
    <div className="heatmap-wrap">
      <table className="heatmap">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <td />
            {HOURS.map((h) => (
              <th key={h} scope="col" className="heatmap__hour">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((day) => (
            <tr key={day}>
              <th scope="row" className="heatmap__day" title={t(`dashboard.weekdaysLong.${day}`)}>
                {t(`dashboard.weekdays.${day}`)}
              </th>
              {HOURS.map((hour) => {
                const count = byCell.get(`${day}-${hour}`) ?? 0;
                const heat = max === 0 ? 0 : count / max;
                const label = t('dashboard.heatmap.cell', { weekday: t(`dashboard.weekdaysLong.${day}`), hour, next: hour + 1, count, n: formatCount(i18n.language, count) });
                return (
                  <td
                    key={hour}
                    className={`heatmap__cell ${heat > 0.55 ? 'heatmap__cell--dark' : ''}`}
                    style={{ '--heat': heat.toFixed(3) } as CSSProperties}
                    title={label}
                    aria-label={label}
                    data-weekday={day}
                    data-hour={hour}
                    data-count={count}
                  >
                    {count > 0 ? formatCount(i18n.language, count) : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="heatmap__legend muted small" aria-hidden="true">
        <span>{t('dashboard.heatmap.low')}</span>
        <span className="heatmap__scale" />
        <span>{t('dashboard.heatmap.high', { count: max, n: formatCount(i18n.language, max) })}</span>
      </p>
    </div>
  );
}
