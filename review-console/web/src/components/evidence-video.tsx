import { useCallback, useRef, useState, type MouseEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { clipClock, openingSeconds, seekVideo, triggerViewSeconds, type ClipMarks } from './clip-marks.js';

interface EvidenceVideoProps {
  src: string;
  label: string;
  /** Where the arrival and the trigger are in the clip; null from agents that do not say. */
  marks?: ClipMarks | null;
  ref?: Ref<HTMLVideoElement>;
}

/**
 * The clip, straight from the API: the browser asks for byte ranges itself (the endpoint answers
 * 206), so seeking works without downloading the whole file first. With marks, the clip opens a
 * few seconds before the trigger (a parking clip starts on an empty lot) and a bar under it shows
 * the stay and the trigger, each a click (or A / T) away.
 */
export function EvidenceVideo({ src, label, marks, ref }: EvidenceVideoProps) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const [duration, setDuration] = useState(0);
  const [current, setCurrent] = useState(0);
  const own = useRef<HTMLVideoElement | null>(null);
  const setRef = useCallback(
    (element: HTMLVideoElement | null) => {
      own.current = element;
      if (typeof ref === 'function') ref(element);
      else if (ref) ref.current = element;
    },
    [ref],
  );
  const seek = (seconds: number) => seekVideo(own.current, seconds);
  const onTrack = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (duration > 0 && box.width > 0) seek(((event.clientX - box.left) / box.width) * duration);
  };
  const at = (seconds: number) => `${Math.min(100, Math.max(0, (seconds / duration) * 100))}%`;
  return (
    <figure className="evidence evidence--video">
      <video
        ref={setRef}
        className="evidence__video"
        src={src}
        controls
        muted
        playsInline
        preload="auto"
        aria-label={label}
        data-opening={marks ? openingSeconds(marks) : undefined}
        onError={() => setFailed(true)}
        onLoadedMetadata={(event) => {
          const video = event.currentTarget;
          if (Number.isFinite(video.duration)) setDuration(video.duration);
          if (marks) video.currentTime = openingSeconds(marks);
        }}
        onTimeUpdate={(event) => setCurrent(event.currentTarget.currentTime)}
        onLoadedData={() => setFailed(false)}
      >
        {t('caseView.videoUnsupported')}
      </video>
      {marks && duration > 0 && !failed ? (
        <div className="clip-timeline" data-testid="clip-timeline">
          <div className="clip-timeline__track" onClick={onTrack} aria-hidden="true">
            <div className="clip-timeline__stay" style={{ left: at(marks.startedSeconds), width: `calc(${at(marks.triggeredSeconds)} - ${at(marks.startedSeconds)})` }} title={t('caseView.timeline.stay')} />
            <div className="clip-timeline__trigger" style={{ left: at(marks.triggeredSeconds) }} title={t('caseView.timeline.trigger')} />
            <div className="clip-timeline__playhead" style={{ left: at(current) }} />
          </div>
          <div className="clip-timeline__actions">
            <button type="button" className="button button--small button--ghost" onClick={() => seek(marks.startedSeconds)} aria-keyshortcuts="A">
              <kbd aria-hidden="true">A</kbd> {t('caseView.timeline.toArrival', { at: clipClock(marks.startedSeconds) })}
            </button>
            <span className="clip-timeline__legend">
              <span className="clip-timeline__swatch clip-timeline__swatch--stay" aria-hidden="true" /> {t('caseView.timeline.stay')}
            </span>
            <button type="button" className="button button--small button--ghost" onClick={() => seek(triggerViewSeconds(marks))} aria-keyshortcuts="T" data-testid="jump-trigger">
              <kbd aria-hidden="true">T</kbd> {t('caseView.timeline.toTrigger', { at: clipClock(marks.triggeredSeconds) })}
            </button>
          </div>
        </div>
      ) : null}
      {failed ? (
        <figcaption className="banner banner--error" role="alert">
          {t('caseView.videoError')}
        </figcaption>
      ) : (
        <figcaption className="visually-hidden">{label}</figcaption>
      )}
    </figure>
  );
}
