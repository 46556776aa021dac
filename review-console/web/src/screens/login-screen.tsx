import { useState, type FormEvent } from 'react';
import { Field } from '../components/field.js';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/api-error.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { errorWords } from '../format/error-words.js';
import { useSession } from '../session/session-context.js';

export function LoginScreen({ expired }: { expired: boolean }) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // The app shell sees the new session and returns to the page (and filters) in `next`.
      await signIn(username.trim(), password);
    } catch (failure) {
      setPassword('');
      setError(isApiError(failure) && failure.status === 401 ? t(failure.code === 'account_locked' ? 'login.locked' : 'login.wrongCredentials') : errorWords(t, failure));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <div className="login__card">
        <div className="login__top">
          <p className="login__brand">
            <span aria-hidden="true">◉ </span>
            {t('app.name')}
          </p>
          <LanguageSwitch />
        </div>
        <h1 className="login__title">{t('login.title')}</h1>
        <p className="login__intro">{t('app.tagline')}. {t('login.intro')}</p>
        {expired && !error ? (
          <p className="banner banner--info" role="status">
            {t('login.expired')}
          </p>
        ) : null}
        {error ? (
          <p className="banner banner--error" role="alert">
            {error}
          </p>
        ) : null}
        <form className="form" onSubmit={(e) => void submit(e)} noValidate={false}>
          <Field label={t('login.username')}>
            {(id) => (
              <input id={id}
                className="input"
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                autoFocus
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('login.password')}>
            {(id) => (
              <input id={id}
                className="input"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button--primary button--block" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
