import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ModalDialog } from '../components/modal-dialog.js';
import { useSubmit } from '../components/use-submit.js';

interface ActionDialogProps {
  title: string;
  titleId: string;
  submitLabel: string;
  /** False while the form is incomplete. */
  canSubmit?: boolean;
  danger?: boolean;
  onSubmit: () => Promise<void>;
  /** The refusal in words; the dialog stays open so the admin can read it and change course. */
  errorOf: (failure: unknown) => string;
  onClose: () => void;
  children?: ReactNode;
}

/** One change to a user, asked for in a modal form; a refusal is shown in it, in words. */
export function ActionDialog({ title, titleId, submitLabel, canSubmit = true, danger = false, onSubmit, errorOf, onClose, children }: ActionDialogProps) {
  const { t } = useTranslation();
  const { busy, error, run } = useSubmit(errorOf);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(onSubmit);
  };
  return (
    <ModalDialog title={title} titleId={titleId} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        {children}
        {error ? (
          <p className="banner banner--error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={`button ${danger ? 'button--confirm' : 'button--primary'}`} disabled={busy || !canSubmit}>
            {busy ? t('common.saving') : submitLabel}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
