import { useTranslation } from 'react-i18next';
import type { ViolationDetail } from '../api/types.js';
import { classNames, outcomeWords, reasonText } from '../format/case-words.js';
import { formatHanoiTime } from '../format/time-format.js';

export function CaseFacts({ detail, wardName }: { detail: ViolationDetail; wardName: string }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <div className="facts__row">
        <dt>{t('caseView.camera')}</dt>
        <dd data-testid="case-camera">{detail.cameraName}</dd>
      </div>
      <div className="facts__row">
        <dt>{t('caseView.ward')}</dt>
        <dd data-testid="case-ward">{wardName}</dd>
      </div>
      <div className="facts__row">
        <dt>{t('caseView.time')}</dt>
        <dd data-testid="case-time">
          <time dateTime={detail.triggeredAt}>{formatHanoiTime(detail.triggeredAt)}</time>
        </dd>
      </div>
      <div className="facts__row">
        <dt>{t('caseView.started')}</dt>
        <dd>
          <time dateTime={detail.startedAt}>{formatHanoiTime(detail.startedAt)}</time>
        </dd>
      </div>
      <div className="facts__row">
        <dt>{t('caseView.objects')}</dt>
        <dd>{classNames(t, detail.classes)}</dd>
      </div>
      <div className="facts__row">
        <dt>{t('caseView.status')}</dt>
        <dd>
          <span className={`status status--${detail.status}`}>{outcomeWords(t, detail.status, detail.decision?.reason)}</span>
        </dd>
      </div>
      {detail.decision ? (
        <div className="facts__row facts__row--wide" data-testid="case-decision">
          <dt className="visually-hidden">{t('caseView.status')}</dt>
          <dd>
            <p>{t('caseView.decided', { decision: outcomeWords(t, detail.decision.decision, detail.decision.reason), user: detail.decision.decidedBy.username, time: formatHanoiTime(detail.decision.decidedAt) })}</p>
            <p>{t('caseView.reasonShown', { reason: reasonText(t, detail.decision.reason) })}</p>
            {detail.decision.plate ? <p>{t('caseView.plateShown', { plate: detail.decision.plate })}</p> : null}
            {detail.decision.note ? <p>{t('caseView.noteShown', { note: detail.decision.note })}</p> : null}
          </dd>
        </div>
      ) : null}
      <div className="facts__row">
        <dt>{t('caseView.id')}</dt>
        <dd className="mono small">{detail.id}</dd>
      </div>
    </dl>
  );
}
