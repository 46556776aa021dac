import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraStatus } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorBanner } from '../components/error-banner.js';
import { useAsync } from '../components/use-async.js';
import { durationWords, secondsBetween } from '../format/duration-words.js';
import { formatHanoiTime } from '../format/time-format.js';
import { useApi } from '../session/session-context.js';

const REFRESH_MS = 30_000;

function stateClass(camera: CameraStatus): string {
  return camera.status === 'up' ? 'up' : camera.status === 'starting' ? 'starting' : 'down';
}

export function CamerasScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const cameras = useAsync(() => api.cameras(), 'cameras');
  const { reload } = cameras;

  // Heartbeats arrive every few seconds; a slow poll is enough to notice a camera going blind.
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const items = [...(cameras.data ?? [])].sort((a, b) => Number(a.status === 'up') - Number(b.status === 'up') || a.name.localeCompare(b.name));
  const up = items.filter((c) => c.status === 'up').length;
  const now = new Date().toISOString();
  const ago = (iso: string) => {
    const seconds = secondsBetween(iso, now);
    return seconds < 10 ? t('relative.justNow') : t('relative.ago', { duration: durationWords(t, seconds) });
  };

  return (
    <section className="screen" aria-labelledby="cameras-title">
      <div className="screen__head">
        <div>
          <h1 id="cameras-title" className="screen__title">
            {t('cameras.title')}
          </h1>
          <p className="screen__subtitle">{cameras.data ? t('cameras.summary', { up, total: items.length }) : t('common.loading')}</p>
        </div>
        <button type="button" className="button" onClick={reload} disabled={cameras.loading}>
          {t('cameras.refresh')}
        </button>
      </div>
      <p className="muted">{t('cameras.intro')}</p>
      <ErrorBanner error={cameras.error} onRetry={reload} />
      {cameras.data && items.length === 0 ? (
        <EmptyState title={t('cameras.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table" aria-describedby="cameras-title">
            <thead>
              <tr>
                <th scope="col">{t('cameras.columns.name')}</th>
                <th scope="col">{t('cameras.columns.ward')}</th>
                <th scope="col">{t('cameras.columns.status')}</th>
                <th scope="col">{t('cameras.columns.lastSeen')}</th>
                <th scope="col" className="num">
                  {t('cameras.columns.fps')}
                </th>
                <th scope="col">{t('cameras.columns.lastError')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((camera) => (
                <tr key={`${camera.agentId}/${camera.cameraId}`} data-camera-id={camera.cameraId}>
                  <th scope="row">{camera.name}</th>
                  <td>{camera.wardName}</td>
                  <td>
                    <span className={`camera-state camera-state--${stateClass(camera)}`}>{t(`cameras.state.${camera.status}`)}</span>
                    {camera.stale ? <span className="muted small block">{t('cameras.stale')}</span> : null}
                    {camera.record && camera.record.state !== 'up' && camera.status === 'up' ? (
                      <span className={`small block${camera.record.state === 'failing' ? ' error-text' : ' muted'}`} data-record-state={camera.record.state}>
                        {camera.record.state === 'failing' ? t('cameras.record.failing', { reason: camera.record.lastError ?? t('cameras.noError') }) : t(`cameras.record.${camera.record.state}`)}
                      </span>
                    ) : null}
                  </td>
                  <td className="nowrap">
                    <time dateTime={camera.lastSeenAt}>{formatHanoiTime(camera.lastSeenAt)}</time>
                    <span className="muted small block">{ago(camera.lastSeenAt)}</span>
                  </td>
                  <td className="num">{camera.status === 'up' ? camera.fps.toFixed(1) : t('common.none')}</td>
                  <td className="error-text">{camera.lastError ?? <span className="muted">{t('cameras.noError')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
