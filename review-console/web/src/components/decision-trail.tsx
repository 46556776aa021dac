import { useTranslation } from 'react-i18next';
import type { ViolationDetail } from '../api/types.js';
import { reasonText } from '../format/case-words.js';
import { formatHanoiTime } from '../format/time-format.js';

type Entry = ViolationDetail['history'][number];

function reasonOf(entry: Entry): string | null {
  const after = entry.after;
  if (after && typeof after === 'object' && 'reason' in after && typeof after.reason === 'string') return after.reason;
  return null;
}

function decisionOf(entry: Entry): 'confirmed' | 'dismissed' | null {
  const after = entry.after;
  if (after && typeof after === 'object' && 'decision' in after && (after.decision === 'confirmed' || after.decision === 'dismissed')) return after.decision;
  return null;
}

/**
 * Everything that happened to the case, oldest first: its detection, then every decision and
 * reopening with who, when and why. A reopened case shows both the decision it had and why it
 * was taken back, not only the latest state.
 */
export function DecisionTrail({ detail }: { detail: ViolationDetail }) {
  const { t } = useTranslation();
  return (
    <section className="trail" aria-labelledby="trail-title">
      <h2 id="trail-title" className="trail__title">
        {t('caseView.trail.title')}
      </h2>
      <ol className="trail__list" data-testid="decision-trail">
        <li className="trail__entry">
          <time dateTime={detail.triggeredAt}>{formatHanoiTime(detail.triggeredAt)}</time>
          <span>{t('caseView.trail.detected', { camera: detail.cameraName })}</span>
        </li>
        {detail.history.map((entry) => {
          const who = entry.actor?.username ?? t('caseView.trail.system');
          const reason = reasonOf(entry);
          const decision = decisionOf(entry);
          const kind = decision === 'dismissed' && reason === 'duplicate' ? 'duplicate' : (decision ?? 'confirmed');
          const what = entry.action === 'reopen' ? t('caseView.trail.reopened', { user: who }) : t(`caseView.trail.${kind}`, { user: who });
          return (
            <li key={entry.id} className={`trail__entry trail__entry--${entry.action === 'reopen' ? 'reopen' : (decision ?? 'decision')}`}>
              <time dateTime={entry.at}>{formatHanoiTime(entry.at)}</time>
              <span>
                {what}
                {reason ? <span className="trail__reason"> — {entry.action === 'reopen' ? reason : reasonText(t, reason)}</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
