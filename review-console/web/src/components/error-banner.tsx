import { useTranslation } from 'react-i18next';
import { errorWords } from '../format/error-words.js';

export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (error === undefined || error === null) return null;
  return (
    <div className="banner banner--error" role="alert">
      <span>{errorWords(t, error)}</span>
      {onRetry ? (
        <button type="button" className="button button--small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
