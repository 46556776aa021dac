import { useTranslation } from 'react-i18next';
import type { VersionSummary } from '../api/types.js';
import { useAsync } from '../components/use-async.js';
import { formatHanoiTime } from '../format/time-format.js';
import { useApi } from '../session/session-context.js';
import { SiteErrorBanner } from './site-error.js';

interface VersionDiffProps {
  agentId: string;
  version: number;
  canRollBack: boolean;
  onRollBack: (summary: VersionSummary) => void;
}

/** A JSON value as the installer reads it: strings bare, anything else compact JSON. */
function valueText(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What one version changed against the one before it, field by field (credentials only as "(changed)"). */
export function VersionDiff({ agentId, version, canRollBack, onRollBack }: VersionDiffProps) {
  const { t } = useTranslation();
  const api = useApi();
  const detail = useAsync(() => api.installer.version(agentId, version), `${agentId}/${version}`);
  const titleId = 'version-diff-title';
  return (
    <section className="panel version-diff" aria-labelledby={titleId}>
      <div className="panel__head">
        <h3 id={titleId} className="panel__title">
          {t('versions.diffTitle', { version })}
        </h3>
        {canRollBack && detail.data ? (
          <button type="button" className="button button--primary" onClick={() => detail.data && onRollBack(detail.data.summary)}>
            {t('versions.rollbackToThis')}
          </button>
        ) : null}
      </div>
      <SiteErrorBanner error={detail.error} onRetry={detail.reload} />
      {detail.data ? (
        <>
          <p className="muted small">
            {t('versions.savedBy', { user: detail.data.summary.createdBy, time: formatHanoiTime(detail.data.summary.createdAt) })}
          </p>
          {detail.data.diff.length === 0 ? (
            <p className="muted">{t('versions.noDiff')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table diff-table">
                <caption className="visually-hidden">{t('versions.diffTitle', { version })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('versions.diff.path')}</th>
                    <th scope="col">{t('versions.diff.kind')}</th>
                    <th scope="col">{t('versions.diff.before')}</th>
                    <th scope="col">{t('versions.diff.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.data.diff.map((line, i) => (
                    <tr key={i} data-diff-path={line.path} className={`diff-row diff-row--${line.kind}`}>
                      <th scope="row" className="mono small">
                        {line.path}
                      </th>
                      <td>{t(`versions.kinds.${line.kind}`)}</td>
                      <td className="mono small diff-before">{valueText(line.before)}</td>
                      <td className="mono small diff-after">{valueText(line.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : detail.loading ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
    </section>
  );
}
