import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ChangeItem, SiteChange, SiteView, VersionSummary } from '../api/types.js';
import { useAsync } from '../components/use-async.js';
import { formatHanoiTime } from '../format/time-format.js';
import { Link } from '../router/link.js';
import { useApi } from '../session/session-context.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { SiteErrorBanner } from './site-error.js';
import { VersionDiff } from './version-diff.js';

interface VersionsPanelProps {
  agentId: string;
  /** The newest version the page knows of: the base of a rollback. */
  latestVersion: number;
  /** The config as it is now: cameras and zones are named by their names, not their ids. */
  site: SiteView;
  /** The version whose diff is open, from the address. */
  openVersion: number | null;
  hrefOfVersion: (version: number | null) => string;
  onRolledBack: (change: SiteChange) => void;
}

/**
 * Every saved config of the agent, newest first: who, when, why and what changed; one opens to
 * its diff, and any older one can be made current again (as a new version, so nothing is lost).
 */
export function VersionsPanel({ agentId, latestVersion, site, openVersion, hrefOfVersion, onRolledBack }: VersionsPanelProps) {
  const { t } = useTranslation();
  const api = useApi();
  const key = `${agentId}@${latestVersion}`;
  const versions = useAsync(() => api.installer.versions(agentId), key);
  const [rollingBack, setRollingBack] = useState<VersionSummary | null>(null);
  // The pages after the first, asked for one at a time; they belong to the list as it was at `key`.
  const [older, setOlder] = useState<{ key: string; items: VersionSummary[]; nextBefore: number | null; loading: boolean; error: unknown }>();
  const current = older?.key === key ? older : undefined;
  const items = [...(versions.data?.items ?? []), ...(current?.items ?? [])];
  const nextBefore = current ? current.nextBefore : (versions.data?.nextBefore ?? null);
  const showOlder = async () => {
    if (nextBefore === null) return;
    const kept = current?.items ?? [];
    setOlder({ key, items: kept, nextBefore, loading: true, error: null });
    try {
      const page = await api.installer.versions(agentId, nextBefore);
      setOlder({ key, items: [...kept, ...page.items], nextBefore: page.nextBefore, loading: false, error: null });
    } catch (error) {
      setOlder({ key, items: kept, nextBefore, loading: false, error });
    }
  };
  const newest = items[0]?.version ?? latestVersion;
  const names = namesOf(site);

  return (
    <div className="versions">
      <SiteErrorBanner error={versions.error} onRetry={versions.reload} />
      {versions.data && items.length === 0 ? <p className="muted">{t('versions.none')}</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('versions.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('versions.columns.version')}</th>
                <th scope="col">{t('versions.columns.saved')}</th>
                <th scope="col">{t('versions.columns.changes')}</th>
                <th scope="col">{t('versions.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.version} data-version={item.version} aria-current={item.version === openVersion ? 'true' : undefined}>
                  <th scope="row" className="nowrap">
                    {t('versions.label', { version: item.version })}
                    {item.version === newest ? <span className="badge badge--ok">{t('versions.newest')}</span> : null}
                    {item.rolledBackFrom !== null ? <span className="badge badge--info block-badge">{t('versions.rolledBackFrom', { version: item.rolledBackFrom })}</span> : null}
                  </th>
                  <td>
                    <span className="block">{item.createdBy}</span>
                    <time className="muted small" dateTime={item.createdAt}>
                      {formatHanoiTime(item.createdAt)}
                    </time>
                  </td>
                  <td>
                    {item.note ? <p className="version-note">“{item.note}”</p> : null}
                    <ul className="change-lines">
                      {item.changeItems.map((change, i) => (
                        <li key={i}>{changeText(change, t, names)}</li>
                      ))}
                    </ul>
                  </td>
                  <td className="table__actions">
                    <Link to={hrefOfVersion(item.version === openVersion ? null : item.version)} className="button button--small" aria-label={t('versions.openOf', { version: item.version })}>
                      {item.version === openVersion ? t('versions.closeDiff') : t('versions.openDiff')}
                    </Link>
                    {item.version !== newest ? (
                      <button type="button" className="button button--small" aria-label={t('versions.rollbackOf', { version: item.version })} onClick={() => setRollingBack(item)}>
                        {t('versions.rollback')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {current?.error ? <SiteErrorBanner error={current.error} onRetry={() => void showOlder()} /> : null}
      {nextBefore !== null ? (
        <p>
          <button type="button" className="button button--small" disabled={current?.loading} onClick={() => void showOlder()}>
            {current?.loading ? t('versions.loadingOlder') : t('versions.showOlder')}
          </button>
        </p>
      ) : null}
      {openVersion !== null ? (
        <VersionDiff agentId={agentId} version={openVersion} canRollBack={openVersion !== newest} onRollBack={(summary) => setRollingBack(summary)} />
      ) : null}
      {rollingBack ? (
        <ConfirmDialog
          title={t('versions.rollbackTitle', { version: rollingBack.version })}
          confirmLabel={t('versions.rollbackConfirm')}
          onClose={() => setRollingBack(null)}
          onConfirm={async () => {
            const change = await api.installer.rollback(agentId, rollingBack.version, newest);
            setRollingBack(null);
            onRolledBack(change);
          }}
        >
          <p>{t('versions.rollbackExplain', { version: rollingBack.version, next: newest + 1 })}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

interface Names {
  camera: (id: string) => string;
  zone: (camera: string, zone: string) => string;
}

/** Cameras and zones by the names people gave them; one no longer configured keeps its id. */
function namesOf(site: SiteView): Names {
  const camera = (id: string) => site.cameras.find((c) => c.camera.id === id)?.camera;
  return {
    camera: (id) => camera(id)?.name ?? id,
    zone: (cameraId, zoneId) => camera(cameraId)?.zones.find((z) => z.id === zoneId)?.name ?? zoneId,
  };
}

/** A summary line in the reader's language, cameras and zones by name, settings as the form labels them. */
function changeText(item: ChangeItem, t: TFunction, names: Names): string {
  const fields = (list: readonly string[]): string =>
    list
      .map((field) => {
        const login = /^credentials\.(detect|record)$/.exec(field);
        if (login) return t('versions.change.login', { stream: t(`versions.change.streams.${login[1] as 'detect' | 'record'}`) });
        const [head = field, tail] = field.split('.');
        const word = (key: string) => t(`issues.fields.${key}`, { defaultValue: key });
        return tail === undefined ? word(head) : `${word(head)} › ${word(tail)}`;
      })
      .join(', ');
  switch (item.kind) {
    case 'camera':
      return t('versions.change.camera', { camera: names.camera(item.camera), change: t(`versions.kinds.${item.change}`) });
    case 'zone':
      return t('versions.change.zone', { camera: names.camera(item.camera), zone: names.zone(item.camera, item.zone), change: t(`versions.kinds.${item.change}`) });
    case 'cameraFields':
      return t('versions.change.cameraFields', { camera: names.camera(item.camera), fields: fields(item.fields) });
    case 'zoneFields':
      return t('versions.change.zoneFields', { camera: names.camera(item.camera), zone: names.zone(item.camera, item.zone), fields: fields(item.fields) });
    case 'none':
      return t('versions.change.none');
    case 'text':
      return item.text;
  }
}
