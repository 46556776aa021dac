import { useTranslation } from 'react-i18next';
import { taskProgress } from './task-progress.js';
import type { ProbeState } from './use-probe.js';

/** A camera test's outcome in words: the stream's codec, size and rate and its picture, or why not. */
export function ProbeResult({ state, showSnapshot = true }: { state: ProbeState; showSnapshot?: boolean }) {
  const { t } = useTranslation();
  const progress = taskProgress(state, { starting: t('probe.starting'), waitingAgent: t('probe.waitingAgent') });
  if (progress !== undefined || state.phase !== 'done') return progress;
  const { view } = state;
  if (view.state === 'ok' && view.stream) {
    const { codec, width, height, fps } = view.stream;
    return (
      <div className="probe probe--ok" role="status">
        <p className="probe__title">{t('probe.ok')}</p>
        <dl className="probe__facts">
          <dt>{t('probe.codec')}</dt>
          <dd data-testid="probe-codec">{codec}</dd>
          <dt>{t('probe.resolution')}</dt>
          <dd data-testid="probe-resolution">{`${width}×${height}`}</dd>
          <dt>{t('probe.fps')}</dt>
          <dd data-testid="probe-fps">{fps === null ? t('common.none') : fps.toFixed(fps % 1 === 0 ? 0 : 1)}</dd>
        </dl>
        {showSnapshot && view.snapshotUrl ? <img className="probe__snapshot" src={view.snapshotUrl} alt={t('probe.snapshotAlt')} /> : null}
      </div>
    );
  }
  const reason = view.state === 'expired' ? t('probe.expired') : view.state === 'pending' ? t('probe.noAnswer') : (view.error ?? t('probe.failedUnknown'));
  return (
    <div className="probe probe--failed" role="alert">
      <p className="probe__title">{t('probe.failed')}</p>
      <p data-testid="probe-error">{reason}</p>
    </div>
  );
}
