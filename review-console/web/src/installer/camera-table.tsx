import { useTranslation } from 'react-i18next';
import type { CameraView } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { Link } from '../router/link.js';

interface CameraTableProps {
  cameras: readonly CameraView[];
  hrefOf: (action: 'edit' | 'zones', cameraId: string) => string;
  onDelete: (camera: CameraView) => void;
  /** What an empty list says. */
  emptyTitle: string;
}

/** An agent's cameras as the console holds them: streams without credentials, zones counted. */
export function CameraTable({ cameras, hrefOf, onDelete, emptyTitle }: CameraTableProps) {
  const { t } = useTranslation();
  if (cameras.length === 0) {
    return (
      <EmptyState title={emptyTitle}>
        <p>{t('agent.noCamerasHint')}</p>
      </EmptyState>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('agent.camerasTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('agent.columns.camera')}</th>
            <th scope="col">{t('agent.columns.detect')}</th>
            <th scope="col" className="num">
              {t('agent.columns.fps')}
            </th>
            <th scope="col" className="num">
              {t('agent.columns.zones')}
            </th>
            <th scope="col">{t('agent.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {cameras.map(({ camera, credentials }) => (
            <tr key={camera.id} data-camera-id={camera.id}>
              <th scope="row">
                {camera.name}
                <span className="muted small block mono">{camera.id}</span>
              </th>
              <td>
                <span className="mono small">{camera.detect.url}</span>
                {credentials.detect ? <span className="badge badge--ok">{t('cameraForm.credentialsSaved')}</span> : null}
                {camera.record.url ? (
                  <span className="muted small block">
                    {t('agent.recordFrom')} <span className="mono">{camera.record.url}</span>
                  </span>
                ) : null}
              </td>
              <td className="num">{camera.detect.fps}</td>
              <td className="num">{camera.zones.length}</td>
              <td className="table__actions">
                <Link to={hrefOf('zones', camera.id)} className="button button--small button--primary" aria-label={t('agent.drawZonesOf', { camera: camera.name })}>
                  {t('agent.drawZones')}
                </Link>
                <Link to={hrefOf('edit', camera.id)} className="button button--small" aria-label={t('agent.editCameraOf', { camera: camera.name })}>
                  {t('common.edit')}
                </Link>
                <button type="button" className="button button--small button--ghost" aria-label={t('agent.deleteCameraOf', { camera: camera.name })} onClick={() => onDelete({ camera, credentials })}>
                  {t('common.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
