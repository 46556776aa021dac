import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentEnrolment } from '../api/types.js';
import { formatHanoiTime } from '../format/time-format.js';

/** What the installer types on the agent's box: this console's address and the one-time token. */
export function enrolCommand(origin: string, token: string): string {
  return `edge-agent run --console ${origin} --enrol ${token}`;
}

/**
 * The one-time enrolment token, shown this once with the exact command to run on the box. The
 * console keeps only its hash; closing the panel forgets it here too.
 */
export function EnrolmentPanel({ enrolment, onDone }: { enrolment: AgentEnrolment; onDone: () => void }) {
  const { t } = useTranslation();
  const command = enrolCommand(window.location.origin, enrolment.enrolmentToken);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setCopied('yes');
    } catch {
      // Clipboard refused (insecure origin, policy): the command stays selectable on screen.
      setCopied('failed');
    }
  };

  return (
    <section className="panel enrolment" aria-labelledby="enrolment-title">
      <h2 id="enrolment-title" className="panel__title" tabIndex={-1} ref={headingRef}>
        {t('enrolment.title', { agent: enrolment.agent.id })}
      </h2>
      <p className="banner banner--info">{t('enrolment.once')}</p>
      <p>{t('enrolment.runThis')}</p>
      <pre className="command" aria-label={t('enrolment.command')} data-testid="enrol-command">
        <code>{command}</code>
      </pre>
      <p className="muted small">
        {t('enrolment.token')}: <code className="mono" data-testid="enrol-token">{enrolment.enrolmentToken}</code>
      </p>
      <p className="muted small">{t('enrolment.expires', { time: formatHanoiTime(enrolment.expiresAt) })}</p>
      <div className="form-actions form-actions--start">
        <button type="button" className="button button--primary" onClick={() => void copy()}>
          {t('enrolment.copy')}
        </button>
        <span role="status" className="small">
          {copied === 'yes' ? t('enrolment.copied') : copied === 'failed' ? t('enrolment.copyFailed') : ''}
        </span>
        <button type="button" className="button button--ghost" onClick={onDone}>
          {t('enrolment.done')}
        </button>
      </div>
    </section>
  );
}
