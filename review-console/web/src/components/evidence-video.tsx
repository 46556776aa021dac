import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';

interface EvidenceVideoProps {
  src: string;
  label: string;
  ref?: Ref<HTMLVideoElement>;
}

/**
 * The clip, straight from the API: the browser asks for byte ranges itself (the endpoint answers
 * 206), so seeking works without downloading the whole file first.
 */
export function EvidenceVideo({ src, label, ref }: EvidenceVideoProps) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  return (
    <figure className="evidence evidence--video">
      <video
        ref={ref}
        className="evidence__video"
        src={src}
        controls
        muted
        playsInline
        preload="auto"
        aria-label={label}
        onError={() => setFailed(true)}
        onLoadedData={() => setFailed(false)}
      >
        {t('caseView.videoUnsupported')}
      </video>
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
