import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/api-error.js';
import { errorWords } from '../format/error-words.js';

/** Trying again helps when the network or the server failed, not when the answer was "no". */
function worthRetrying(error: unknown): boolean {
  return !isApiError(error) || error.status === 0 || error.status >= 500;
}

export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (error === undefined || error === null) return null;
  return (
    <div className="banner banner--error" role="alert">
      <span>{errorWords(t, error)}</span>
      {onRetry && worthRetrying(error) ? (
        <button type="button" className="button button--small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
