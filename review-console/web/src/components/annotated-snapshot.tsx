import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViolationDetail } from '../api/types.js';

/**
 * The snapshot with the offending boxes drawn over it. Boxes are frame fractions, so the overlay
 * scales with the image whatever size it is shown at.
 */
export function AnnotatedSnapshot({ detail, alt }: { detail: ViolationDetail; alt: string }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const boxes = detail.boxes.length > 0 ? detail.boxes : [detail.bbox];
  return (
    <figure className="evidence evidence--snapshot">
      <div className="snapshot">
        <img className="snapshot__image" src={detail.snapshotUrl} alt={alt} onError={() => setFailed(true)} />
        {!failed ? (
          <svg className="snapshot__overlay" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
            {boxes.map((b, i) => (
              <rect
                key={i}
                x={b.x1 * 100}
                y={b.y1 * 100}
                width={(b.x2 - b.x1) * 100}
                height={(b.y2 - b.y1) * 100}
                className={`snapshot__box snapshot__box--${detail.ruleType}`}
                vectorEffect="non-scaling-stroke"
              />
            ))}
          </svg>
        ) : null}
      </div>
      <figcaption className={failed ? 'banner banner--error' : 'evidence__caption'}>{failed ? t('errors.mediaMissing') : t('caseView.snapshot')}</figcaption>
    </figure>
  );
}
