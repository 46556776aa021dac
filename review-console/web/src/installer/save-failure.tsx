import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/api-error.js';
import type { SiteView } from '../api/types.js';
import { SiteErrorBanner } from './site-error.js';
import { refusalWords } from './issue-words.js';
import { formatHanoiTime } from '../format/time-format.js';
import { useApi } from '../session/session-context.js';

/**
 * Everything that stands between an edit and a saved version: the shared schema's problems with
 * the draft (Save stays disabled), then the console's answer to the last try.
 */
export function SaveProblems({ issues, failure, agentId, onReload }: { issues: readonly string[]; failure: unknown; agentId: string; onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      {issues.length > 0 ? (
        <div className="banner banner--error banner--stack" role="alert">
          <p>{t('site.cannotSave')}</p>
          <IssueList lines={issues} label={t('site.problems')} />
        </div>
      ) : null}
      {failure !== undefined ? <SaveFailure agentId={agentId} error={failure} onReload={onReload} /> : null}
    </>
  );
}

/**
 * Why a save of the site config did not go through: someone saved a newer version meanwhile
 * (offer to reload it), the console refused the content (its lines, word for word), or anything else.
 */
export function SaveFailure({ agentId, error, onReload }: { agentId: string; error: unknown; onReload: () => void }) {
  const { t } = useTranslation();
  if (isApiError(error) && error.status === 409) return <ConflictNotice agentId={agentId} onReload={onReload} />;
  if (isApiError(error) && error.status === 400 && error.details.length > 0) {
    return (
      <div className="banner banner--error banner--stack" role="alert">
        <p>{t('site.refused')}</p>
        <IssueList lines={error.details.map((line) => refusalWords(t, line))} label={t('site.refusedLines')} />
      </div>
    );
  }
  return <SiteErrorBanner error={error} />;
}

/** One line per problem, as the schema words them. */
export function IssueList({ lines, label }: { lines: readonly string[]; label: string }) {
  return (
    <ul className="issues" aria-label={label}>
      {lines.map((line) => (
        <li key={line} className="issues__line">
          {line}
        </li>
      ))}
    </ul>
  );
}

function ConflictNotice({ agentId, onReload }: { agentId: string; onReload: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [newer, setNewer] = useState<SiteView | null>(null);
  useEffect(() => {
    let live = true;
    api.installer.site(agentId).then(
      (site) => live && setNewer(site),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, agentId]);
  return (
    <div className="banner banner--error" role="alert">
      <span>
        {newer
          ? t('site.conflict', { version: newer.version, user: newer.updatedBy ?? t('common.none'), time: newer.updatedAt ? formatHanoiTime(newer.updatedAt) : t('common.none') })
          : t('site.conflictUnknown')}
      </span>
      <button type="button" className="button button--small" onClick={onReload}>
        {t('site.reload')}
      </button>
    </div>
  );
}
