import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViolationDetail } from '../api/types.js';
import { BoxOverlay, boxesOf } from './annotated-snapshot.js';
import { ModalDialog } from './modal-dialog.js';

/** Zoom levels: fit the window, then the snapshot's own pixels and closer. */
const LEVELS = ['fit', 1, 2, 4] as const;
type Level = (typeof LEVELS)[number];

/**
 * The snapshot full size in a dialog: fitted to the window first, then 100 %, 200 % and 400 %
 * (buttons, + and -), scrolled to the offending object when zoomed in. Esc closes it.
 */
export function SnapshotViewer({ detail, alt, onClose }: { detail: ViolationDetail; alt: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<Level>('fit');
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const step = (by: number) => setLevel((current) => LEVELS[Math.min(LEVELS.length - 1, Math.max(0, LEVELS.indexOf(current) + by))] ?? current);

  // Zoomed in, bring the object into view: that is what the officer opened the picture for.
  useEffect(() => {
    if (!scroller || !natural || level === 'fit') return;
    const box = detail.bbox;
    scroller.scrollLeft = ((box.x1 + box.x2) / 2) * natural.width * level - scroller.clientWidth / 2;
    scroller.scrollTop = ((box.y1 + box.y2) / 2) * natural.height * level - scroller.clientHeight / 2;
  }, [scroller, natural, level, detail.bbox]);

  const size = level === 'fit' || !natural ? undefined : { width: natural.width * level, height: natural.height * level };
  return (
    <ModalDialog title={t('caseView.zoom.title')} titleId="snapshot-viewer-title" onClose={onClose} className="dialog--viewer">
      <div
        className="viewer__toolbar"
        role="toolbar"
        aria-label={t('caseView.zoom.level')}
        onKeyDown={(event) => {
          if (event.key === '+' || event.key === '=') step(1);
          if (event.key === '-') step(-1);
        }}
      >
        {LEVELS.map((option) => (
          <button key={String(option)} type="button" className={`button button--small${option === level ? ' button--primary' : ''}`} aria-pressed={option === level} onClick={() => setLevel(option)}>
            {option === 'fit' ? t('caseView.zoom.fit') : `${option * 100} %`}
          </button>
        ))}
        <button type="button" className="button button--small button--ghost viewer__close" onClick={onClose} autoFocus>
          {t('common.close')}
        </button>
      </div>
      <div ref={setScroller} className={`viewer__scroller viewer__scroller--${level === 'fit' ? 'fit' : 'zoomed'}`} data-testid="snapshot-viewer" data-level={String(level)}>
        <div className="snapshot viewer__picture" style={size}>
          <img
            className="snapshot__image"
            src={detail.snapshotUrl}
            alt={alt}
            onLoad={(event) => setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
          />
          <BoxOverlay boxes={boxesOf(detail)} rule={detail.ruleType} />
        </div>
      </div>
    </ModalDialog>
  );
}
