import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from './confirm-dialog.js';

/**
 * Before saving to an agent that runs its own config file: a console save would be a new version
 * the agent never applies, so the installer is told so and asked first. `guard(save)` runs the
 * save at once for a managed agent, after a "Save anyway" for one that runs its file.
 */
export function useUnappliedConfirm(unapplied: boolean, agentId: string): { guard: (save: () => Promise<void>) => void; dialog: ReactNode } {
  const { t } = useTranslation();
  const [pending, setPending] = useState<(() => Promise<void>) | null>(null);
  const guard = (save: () => Promise<void>) => {
    if (unapplied) setPending(() => save);
    else void save();
  };
  const dialog = pending ? (
    <ConfirmDialog
      title={t('agent.unapplied.title')}
      confirmLabel={t('agent.unapplied.confirm')}
      onClose={() => setPending(null)}
      onConfirm={async () => {
        setPending(null);
        await pending();
      }}
    >
      <p>{t('agent.unapplied.text', { agent: agentId })}</p>
    </ConfirmDialog>
  ) : null;
  return { guard, dialog };
}
