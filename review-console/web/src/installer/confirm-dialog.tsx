import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { siteErrorWords } from './site-error.js';
import { ModalDialog } from '../components/modal-dialog.js';
import { useSubmit } from '../components/use-submit.js';

interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  children: ReactNode;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  danger?: boolean;
}

/** "Are you sure?" for what cannot be undone in one click (deleting a camera, rolling back). */
export function ConfirmDialog({ title, confirmLabel, children, onConfirm, onClose, danger = false }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const { busy, error, run } = useSubmit((failure) => siteErrorWords(t, failure));
  const confirm = () => run(onConfirm);
  return (
    <ModalDialog title={title} titleId="confirm-title" onClose={onClose}>
      <div className="form">
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
          <button type="button" className={`button ${danger ? 'button--confirm' : 'button--primary'}`} onClick={() => void confirm()} disabled={busy} autoFocus>
            {busy ? t('common.saving') : confirmLabel}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
