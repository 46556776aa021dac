import { useTranslation } from 'react-i18next';
import type { CameraStatus } from '../api/types.js';
import { useAsync } from '../components/use-async.js';
import { useApi } from '../session/session-context.js';
import { SiteErrorBanner } from './site-error.js';

/** A camera the agent last reported more than this before its own last report has left its config. */
const GONE_AFTER_MS = 5 * 60_000;

/**
 * The cameras an agent really runs when its own config file wins over the console: what its
 * heartbeats report, read-only, since they can only be changed in that file.
 */
export function RunningCameras({ agentId, lastSeenAt }: { agentId: string; lastSeenAt: string | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const reported = useAsync(() => api.cameras(), `running/${agentId}/${lastSeenAt ?? ''}`);
  const newest = lastSeenAt === null ? Number.NEGATIVE_INFINITY : Date.parse(lastSeenAt);
  const cameras = (reported.data ?? []).filter((c: CameraStatus) => c.agentId === agentId && Date.parse(c.lastSeenAt) >= newest - GONE_AFTER_MS);
  return (
    <section className="panel running-cameras" aria-labelledby="running-cameras-title" data-testid="running-cameras">
      <h2 id="running-cameras-title" className="panel__title">
        {t('agent.running.title')}
      </h2>
      <p className="muted small">{t('agent.running.why')}</p>
      <SiteErrorBanner error={reported.error} onRetry={reported.reload} />
      {reported.data && cameras.length === 0 ? <p className="muted">{t('agent.running.none')}</p> : null}
      {cameras.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('agent.running.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('agent.columns.camera')}</th>
                <th scope="col">{t('cameras.columns.status')}</th>
                <th scope="col" className="num">
                  {t('agent.columns.fps')}
                </th>
                <th scope="col">{t('cameras.columns.lastError')}</th>
              </tr>
            </thead>
            <tbody>
              {cameras.map((camera) => (
                <tr key={camera.cameraId} data-running-camera={camera.cameraId}>
                  <th scope="row">
                    {camera.name}
                    <span className="muted small block mono">{camera.cameraId}</span>
                  </th>
                  <td>
                    <span className={`camera-state camera-state--${camera.status === 'up' ? 'up' : camera.status === 'starting' ? 'starting' : 'down'}`}>{t(`cameras.state.${camera.status}`)}</span>
                  </td>
                  <td className="num">{camera.fps.toFixed(1)}</td>
                  <td className="small">{camera.lastError ?? t('cameras.noError')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
