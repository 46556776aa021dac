import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface DashboardPanelProps {
  id: string;
  title: string;
  /** The server's CSV of the same rows, same filters. */
  csvHref?: string;
  className?: string;
  children: ReactNode;
}

/** One titled block of the dashboard, with the download of its table beside the title. */
export function DashboardPanel({ id, title, csvHref, className, children }: DashboardPanelProps) {
  const { t } = useTranslation();
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id} data-panel={id}>
      <div className="panel__head">
        <h2 id={id} className="panel__title">
          {title}
        </h2>
        {csvHref ? (
          <a className="button button--small" href={csvHref} download aria-label={t('dashboard.csvLabel', { table: title })}>
            {t('dashboard.csv')}
          </a>
        ) : null}
      </div>
      {children}
    </section>
  );
}
