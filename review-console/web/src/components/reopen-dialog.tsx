import { useState, type FormEvent } from 'react';
import { Field } from './field.js';
import { useTranslation } from 'react-i18next';
import { errorWords } from '../format/error-words.js';
import { ModalDialog } from './modal-dialog.js';

/** A supervisor puts a decided case back in the queue, saying why (the audit log keeps it). */
export function ReopenDialog({ onSubmit, onClose }: { onSubmit: (reason: string) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(reason.trim());
    } catch (failure) {
      setError(errorWords(t, failure));
      setBusy(false);
    }
  };
  return (
    <ModalDialog title={t('history.reopenTitle')} titleId="reopen-title" onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <Field label={t('history.reopenReason')}>
          {(id) => (
            <textarea id={id} className="input" name="reopen-reason" rows={3} required maxLength={500} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
        {error ? (
          <p className="banner banner--error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={onClose} disabled={busy}>
            {t('decision.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || reason.trim() === ''}>
            {t('history.reopenSubmit')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
