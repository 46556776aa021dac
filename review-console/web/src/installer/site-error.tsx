import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/api-error.js';
import { errorWords } from '../format/error-words.js';

/** The console's general error words speak of cases; here a 404 is an agent and a 409 a newer config. */
export function siteErrorWords(t: TFunction, error: unknown): string {
  if (isApiError(error) && error.status === 404) return t('agent.notFound');
  if (isApiError(error) && error.status === 409) return t('site.conflictUnknown');
  return errorWords(t, error);
}

export function SiteErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (error === undefined || error === null) return null;
  return (
    <div className="banner banner--error" role="alert">
      <span>{siteErrorWords(t, error)}</span>
      {onRetry ? (
        <button type="button" className="button button--small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
