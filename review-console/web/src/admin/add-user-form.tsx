import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { District, UserSummary, Ward } from '../../../src/api/api-types.js';
import { Field } from '../components/field.js';
import { useApi } from '../session/session-context.js';
import { AccessFields, accessComplete, accessRequest, type Access } from './access-fields.js';
import { adminErrorWords } from './admin-error-words.js';
import { useSubmit } from '../components/use-submit.js';

const EMPTY: Access = { role: 'officer', wards: [], districtId: '' };

/** Creates a sign-in account: username, first password, role and the wards it sees. */
export function AddUserForm({ wards, districts, onCreated }: { wards: readonly Ward[]; districts: readonly District[]; onCreated: (user: UserSummary) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [access, setAccess] = useState<Access>(EMPTY);
  const name = username.trim();
  const { busy, error, run } = useSubmit((failure) => adminErrorWords(t, failure, { kind: 'createUser', username: name }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      const user = await api.admin.createUser({ username: name, password, ...accessRequest(access) });
      setUsername('');
      setPassword('');
      setAccess(EMPTY);
      onCreated(user);
    });
  };

  return (
    <section className="panel" aria-labelledby="add-user-title">
      <h2 id="add-user-title" className="panel__title">
        {t('admin.userForm.title')}
      </h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="form-grid">
          <Field label={t('admin.userForm.username')}>
            {(id) => (
              <input id={id} className="input mono" name="new-username" autoComplete="off" spellCheck={false} aria-describedby="new-username-hint" value={username} onChange={(e) => setUsername(e.target.value)} />
            )}
          </Field>
          <Field label={t('admin.userForm.password')}>
            {(id) => (
              <input id={id} className="input" type="password" name="new-password" autoComplete="new-password" aria-describedby="new-password-hint" value={password} onChange={(e) => setPassword(e.target.value)} />
            )}
          </Field>
        </div>
        <p className="muted small">
          <span id="new-username-hint">{t('admin.userForm.usernameHint')}</span> <span id="new-password-hint">{t('admin.userForm.passwordHint')}</span>
        </p>
        <AccessFields value={access} wards={wards} districts={districts} onChange={setAccess} />
        {error ? (
          <p className="banner banner--error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form-actions form-actions--start">
          <button type="submit" className="button button--primary" disabled={busy || username.trim() === '' || password === '' || !accessComplete(access)}>
            {busy ? t('common.saving') : t('admin.userForm.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
