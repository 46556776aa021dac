import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViolationDetail } from '../api/types.js';

type Box = ViolationDetail['bbox'];

/** The offending boxes over a picture; boxes are frame fractions, so they scale with it. */
export function BoxOverlay({ boxes, rule }: { boxes: readonly Box[]; rule: ViolationDetail['ruleType'] }) {
  return (
    <svg className="snapshot__overlay" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
      {boxes.map((b, i) => (
        <rect key={i} x={b.x1 * 100} y={b.y1 * 100} width={(b.x2 - b.x1) * 100} height={(b.y2 - b.y1) * 100} className={`snapshot__box snapshot__box--${rule}`} vectorEffect="non-scaling-stroke" />
      ))}
    </svg>
  );
}

export function boxesOf(detail: ViolationDetail): Box[] {
  return detail.boxes.length > 0 ? detail.boxes : [detail.bbox];
}

/**
 * The snapshot with the offending boxes drawn over it, a button that opens it full size (Z), and
 * beside it a close-up of the object cut out by the console: a 30-pixel bag is judged there.
 */
export function AnnotatedSnapshot({ detail, alt, onOpen }: { detail: ViolationDetail; alt: string; onOpen: () => void }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const [cropFailed, setCropFailed] = useState(false);
  return (
    <div className="evidence-pair">
      <figure className="evidence evidence--snapshot">
        <button type="button" className="snapshot snapshot--button" onClick={onOpen} aria-keyshortcuts="Z" aria-label={t('caseView.zoom.open')} disabled={failed}>
          <img className="snapshot__image" src={detail.snapshotUrl} alt={alt} onError={() => setFailed(true)} />
          {!failed ? <BoxOverlay boxes={boxesOf(detail)} rule={detail.ruleType} /> : null}
        </button>
        <figcaption className={failed ? 'banner banner--error' : 'evidence__caption'}>{failed ? t('errors.mediaMissing') : t('caseView.snapshotZoomHint')}</figcaption>
      </figure>
      {failed || cropFailed ? null : (
        <figure className="evidence evidence--crop">
          <button type="button" className="snapshot--button" onClick={onOpen} aria-label={t('caseView.zoom.open')}>
            <img className="crop__image" src={`/api/violations/${encodeURIComponent(detail.id)}/crop?size=large`} alt={t('caseView.cropAlt')} onError={() => setCropFailed(true)} data-testid="object-crop" />
          </button>
          <figcaption className="evidence__caption">{t('caseView.crop')}</figcaption>
        </figure>
      )}
    </div>
  );
}
