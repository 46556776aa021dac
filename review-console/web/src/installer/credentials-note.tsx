import { useTranslation } from 'react-i18next';

/**
 * Says that a login is stored for a stream (never what it is) and lets the installer drop it;
 * typing a new user name and password replaces it instead.
 */
export function CredentialsNote({ stored, clearing, onClear }: { stored: boolean; clearing: boolean; onClear: (clear: boolean) => void }) {
  const { t } = useTranslation();
  if (!stored) return null;
  return (
    <p className="credentials-note" role="status">
      <span className={`badge ${clearing ? 'badge--warn' : 'badge--ok'}`}>{clearing ? t('cameraForm.credentialsClearing') : t('cameraForm.credentialsSaved')}</span>
      <span className="muted small">{clearing ? t('cameraForm.credentialsClearingHint') : t('cameraForm.credentialsSavedHint')}</span>
      <button type="button" className="button button--small" onClick={() => onClear(!clearing)}>
        {clearing ? t('cameraForm.keepCredentials') : t('cameraForm.clearCredentials')}
      </button>
    </p>
  );
}
