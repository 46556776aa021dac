import { useTranslation } from 'react-i18next';
import '../styles/dashboard.css';
import type { FiguresFilter } from '../api/console-api.js';
import type { SummaryRow } from '../api/types.js';
import { apiFilterOf } from '../components/case-filter.js';
import { DailyTrendChart } from '../components/daily-trend-chart.js';
import { DashboardFilters, type DashboardChoice } from '../components/dashboard-filters.js';
import { DashboardPanel } from '../components/dashboard-panel.js';
import { periodOf } from '../components/dashboard-period.js';
import { ErrorBanner } from '../components/error-banner.js';
import { FiguresTable } from '../components/figures-table.js';
import { HourHeatmap } from '../components/hour-heatmap.js';
import { KpiCards } from '../components/kpi-cards.js';
import { useAsync } from '../components/use-async.js';
import { formatHanoiTime } from '../format/time-format.js';
import { DeadlineTable, OfficerTable } from '../components/workload-panels.js';
import { hrefOf, navigate } from '../router/location.js';
import { useApi, useMe } from '../session/session-context.js';

function dayInWords(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/**
 * The district dashboard: where and when violations happen, whether they are falling, and whether
 * wards keep up with review. Every figure comes from the server for the caller's wards; every
 * table downloads as the server's CSV with the same filters.
 */
export function DashboardScreen({ query }: { query: URLSearchParams }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const me = useMe();
  const period = periodOf(query, new Date());
  const choice: DashboardChoice = { period: period.choice, from: query.get('from') ?? '', to: query.get('to') ?? '', ward: query.get('ward') ?? '', rule: query.get('rule') ?? '' };
  const narrowing = apiFilterOf({ ward: choice.ward, camera: '', rule: choice.rule, from: '', to: '' });
  const filter: FiguresFilter = { from: period.from, to: period.to, ward: narrowing.ward, rule: narrowing.rule };
  const figures = useAsync(() => api.dashboard(filter), [filter.from, filter.to, filter.ward, filter.rule].join('|'));
  const data = figures.data;

  const change = (next: DashboardChoice) =>
    navigate(hrefOf('/dashboard', { period: next.period, from: next.period === 'custom' ? next.from : undefined, to: next.period === 'custom' ? next.to : undefined, ward: next.ward, rule: next.rule }), { replace: true });
  const wardName = (row: SummaryRow) => row.wardName ?? row.ward ?? '';
  const csv = (groupBy: Parameters<typeof api.summaryCsvHref>[0]) => api.summaryCsvHref(groupBy, filter, i18n.language);

  return (
    <section className="screen dashboard" aria-labelledby="dashboard-title" aria-busy={figures.loading}>
      <div className="screen__head">
        <div>
          <h1 id="dashboard-title" className="screen__title">
            {t('dashboard.title')}
          </h1>
          <p className="screen__subtitle" data-testid="dashboard-period">
            {t('dashboard.subtitle', { from: dayInWords(period.fromDay), to: dayInWords(period.toDay) })}
            {data ? <span className="muted small"> · {t('dashboard.generated', { time: formatHanoiTime(data.generatedAt) })}</span> : null}
          </p>
        </div>
        <button type="button" className="button" onClick={figures.reload} disabled={figures.loading}>
          {t('cameras.refresh')}
        </button>
      </div>
      <DashboardFilters value={choice} period={period} wards={me.user.wards} onChange={change} />
      <ErrorBanner error={figures.error} onRetry={figures.reload} />
      {!data ? (
        figures.error ? null : (
          <p className="muted" role="status">
            {t('common.loading')}
          </p>
        )
      ) : (
        <>
          {data.totals.total === 0 ? (
            <p className="banner banner--info" role="status">
              {t('dashboard.empty')}
            </p>
          ) : null}
          <KpiCards totals={data.totals} previous={data.previous.totals} />
          <div className="dashboard__row">
            <DashboardPanel id="dash-trend" title={t('dashboard.trend.title')} csvHref={csv('day')} className="panel--wide">
              <DailyTrendChart days={data.daily} label={t('dashboard.trend.caption')} />
            </DashboardPanel>
            <DashboardPanel id="dash-heatmap" title={t('dashboard.heatmap.title')} csvHref={csv('hour')}>
              <HourHeatmap cells={data.heatmap} caption={t('dashboard.heatmap.caption')} />
            </DashboardPanel>
          </div>
          <DashboardPanel id="dash-wards" title={t('dashboard.wards.title')} csvHref={csv('ward')}>
            <FiguresTable
              caption={t('dashboard.wards.title')}
              nameHeader={t('dashboard.columns.ward')}
              rows={data.wards}
              name={wardName}
              columns={['total', 'confirmed', 'dismissed', 'pending', 'rate', 'median', 'backlog']}
            />
          </DashboardPanel>
          <div className="dashboard__row dashboard__row--tables">
            <DashboardPanel id="dash-deadline-panel" title={t('dashboard.deadline.title', { hours: data.deadline.hours })}>
              <DeadlineTable deadline={data.deadline} now={data.generatedAt} />
            </DashboardPanel>
            <DashboardPanel id="dash-officers-panel" title={t('dashboard.officers.title')}>
              <OfficerTable officers={data.officers} />
            </DashboardPanel>
          </div>
          <div className="dashboard__row dashboard__row--tables">
            <DashboardPanel id="dash-rules" title={t('dashboard.rules.title')} csvHref={csv('rule')}>
              <FiguresTable
                caption={t('dashboard.rules.title')}
                nameHeader={t('dashboard.columns.rule')}
                rows={data.rules}
                name={(row) => (
                  <>
                    <span className={`rule-dot rule-dot--${row.ruleType ?? ''}`} aria-hidden="true" />
                    {row.ruleType ? t(`rules.${row.ruleType}`) : row.key}
                  </>
                )}
                columns={['total', 'confirmed', 'dismissed', 'rate', 'backlog']}
              />
            </DashboardPanel>
            <DashboardPanel id="dash-hotspots" title={t('dashboard.hotspots.title')} csvHref={csv('camera')} className="panel--wide">
              {data.hotspots.length === 0 ? (
                <p className="muted">{t('dashboard.hotspots.none')}</p>
              ) : (
                <FiguresTable
                  caption={t('dashboard.hotspots.title')}
                  nameHeader={t('dashboard.columns.camera')}
                  rows={data.hotspots}
                  ranked
                  name={(row) => (
                    <>
                      {row.cameraName ?? row.cameraId}
                      <span className="muted small block">{wardName(row)}</span>
                    </>
                  )}
                  columns={['total', 'confirmed', 'dismissed', 'rate', 'backlog']}
                />
              )}
              {data.cameras.length > data.hotspots.length ? (
                <p className="muted small">{t('dashboard.hotspots.more', { shown: data.hotspots.length, total: data.cameras.length })}</p>
              ) : null}
            </DashboardPanel>
          </div>
        </>
      )}
    </section>
  );
}
