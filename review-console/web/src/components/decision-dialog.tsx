import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Field } from './field.js';
import { useTranslation } from 'react-i18next';
import type { DecisionRequest, RuleType } from '../api/types.js';
import { errorWords } from '../format/error-words.js';
import { reasonsFor, type Decision } from './decision-reasons.js';
import { countReason, preferredReason } from './reason-usage.js';
import { ModalDialog } from './modal-dialog.js';

interface DecisionDialogProps {
  decision: Decision;
  rule: RuleType;
  onSubmit: (request: DecisionRequest) => Promise<void>;
  onClose: () => void;
}

/**
 * Pick a reason (keys 1..n), optionally a plate, Enter saves. The reason this officer picks most
 * for this rule comes preselected, so a clear case takes two keys: the decision, then Enter.
 */
export function DecisionDialog({ decision, rule, onSubmit, onClose }: DecisionDialogProps) {
  const { t } = useTranslation();
  const reasons = reasonsFor(decision, rule);
  const [reason, setReason] = useState(() => preferredReason(decision, rule, reasons));
  const [plate, setPlate] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const confirming = decision === 'confirmed';
  // A plate only where the rule is about a vehicle: a bag or a stall has none.
  const asksPlate = confirming && rule === 'illegal_parking';

  useEffect(() => {
    // Focus on the preselected reason: arrows move from there, Enter saves it.
    (formRef.current?.querySelector<HTMLInputElement>('input[type=radio]:checked') ?? formRef.current?.querySelector<HTMLInputElement>('input[type=radio]'))?.focus();
  }, []);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    if (!reason) {
      setError(t('decision.pickReason'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit({
        decision,
        reason,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(asksPlate && plate.trim() ? { plate: plate.trim() } : {}),
      });
      countReason(decision, rule, reason);
    } catch (failure) {
      setError(errorWords(t, failure));
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    const typing = event.target instanceof HTMLTextAreaElement || (event.target instanceof HTMLInputElement && event.target.type === 'text');
    if (!typing && /^[1-9]$/.test(event.key)) {
      const picked = reasons[Number(event.key) - 1];
      if (picked) {
        event.preventDefault();
        setReason(picked);
        formRef.current?.querySelector<HTMLInputElement>(`input[value="${picked}"]`)?.focus();
      }
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLTextAreaElement) && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      void submit();
    }
  };

  const titleId = `decision-title-${decision}`;
  return (
    <ModalDialog title={confirming ? t('decision.confirmTitle') : t('decision.dismissTitle')} titleId={titleId} onClose={onClose} className={`dialog--${decision}`}>
      <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown}>
        <fieldset className="reasons">
          <legend className="field__label">{t('decision.reason')}</legend>
          <p className="muted small">{t('decision.reasonHint', { count: reasons.length })}</p>
          {reasons.map((code, i) => (
            <label key={code} className="reason">
              <input type="radio" name="reason" value={code} checked={reason === code} onChange={() => setReason(code)} />
              <kbd aria-hidden="true">{i + 1}</kbd>
              <span>{t(`reasons.${code}`, { defaultValue: code })}</span>
            </label>
          ))}
        </fieldset>
        {asksPlate ? (
          <Field label={t('decision.plate')}>
            {(id) => (
              <input id={id} className="input" type="text" name="plate" maxLength={20} autoComplete="off" placeholder={t('decision.platePlaceholder')} value={plate} onChange={(e) => setPlate(e.target.value)} />
            )}
          </Field>
        ) : null}
        <Field label={t('decision.note')}>
          {(id) => (
            <textarea id={id} className="input" name="note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
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
          <button type="submit" className={`button ${confirming ? 'button--confirm' : 'button--dismiss'}`} disabled={busy}>
            {busy ? t('decision.saving') : confirming ? t('decision.submitConfirm') : t('decision.submitDismiss')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
