import { useTranslation } from 'react-i18next';
import { formatHanoiDate } from '../format/time-format.js';

/**
 * Stands where the clip would be once retention has deleted it: the media URLs answer 410 then,
 * and a broken player would read as a fault rather than as the policy working.
 */
export function PurgedEvidence({ purgedAt }: { purgedAt: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="purged" role="note" data-testid="evidence-purged">
      <svg className="purged__icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M9 3h6l1 2h4v2H4V5h4l1-2zm-3 6h12l-1 12H7L6 9z" fill="currentColor" />
      </svg>
      <h2 className="purged__title">{t('caseView.purgedTitle')}</h2>
      <p>{t('caseView.purged', { date: purgedAt ? formatHanoiDate(purgedAt) : t('common.none') })}</p>
    </div>
  );
}
