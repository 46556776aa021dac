import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentEnrolment, WardRef } from '../api/types.js';
import { Field } from '../components/field.js';
import { errorWords } from '../format/error-words.js';
import { useApi } from '../session/session-context.js';
import { useSubmit } from '../components/use-submit.js';

/** Creates an agent (id and ward) and hands its one-time enrolment back to show. */
export function AddAgentForm({ wards, onCreated }: { wards: readonly WardRef[]; onCreated: (enrolment: AgentEnrolment) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [id, setId] = useState('');
  const [ward, setWard] = useState('');
  const { busy, error, run } = useSubmit((failure) => errorWords(t, failure));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      const enrolment = await api.installer.createAgent(id.trim(), ward);
      setId('');
      setWard('');
      onCreated(enrolment);
    });
  };

  return (
    <section className="panel" aria-labelledby="add-agent-title">
      <h2 id="add-agent-title" className="panel__title">
        {t('agents.addTitle')}
      </h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="form-grid">
          <Field label={t('agents.id')}>
            {(fid) => (
              <input
                id={fid}
                className="input mono"
                name="agent-id"
                autoComplete="off"
                spellCheck={false}
                placeholder="agent-hk-01"
                aria-describedby="agent-id-hint"
                value={id}
                onChange={(e) => setId(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('agents.ward')}>
            {(fid) => (
              <select id={fid} className="input" name="agent-ward" value={ward} onChange={(e) => setWard(e.target.value)}>
                <option value="">{t('agents.pickWard')}</option>
                {wards.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <p id="agent-id-hint" className="muted small">
          {t('agents.idHint')}
        </p>
        {error ? (
          <p className="banner banner--error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form-actions form-actions--start">
          <button type="submit" className="button button--primary" disabled={busy || id.trim() === '' || ward === ''}>
            {busy ? t('common.saving') : t('agents.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
