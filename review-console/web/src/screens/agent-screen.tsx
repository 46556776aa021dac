import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraView, SiteChange, SiteView } from '../api/types.js';
import { flash } from '../components/flash.js';
import { useAsync } from '../components/use-async.js';
import { presenceOf, runningConfigOf } from '../installer/agent-status.js';
import { versionWords } from '../installer/agent-table.js';
import { CameraForm } from '../installer/camera-form.js';
import { CameraTable } from '../installer/camera-table.js';
import { ConfirmDialog } from '../installer/confirm-dialog.js';
import { RunningCameras } from '../installer/running-cameras.js';
import { SiteErrorBanner } from '../installer/site-error.js';
import { VersionsPanel } from '../installer/versions-panel.js';
import { ZoneEditor } from '../installer/zone-editor.js';
import { Link } from '../router/link.js';
import { hrefOf, navigate } from '../router/location.js';
import { useApi } from '../session/session-context.js';
import '../styles/installer.css';

const REFRESH_MS = 5_000;

/**
 * One agent: its cameras (add, edit, test, delete, draw zones) and its config versions (diff,
 * roll back). Which panel is open lives in the address, so a reload or a shared link lands there.
 */
export function AgentScreen({ agentId, query }: { agentId: string; query: URLSearchParams }) {
  const { t } = useTranslation();
  const api = useApi();
  const agents = useAsync(() => api.installer.agents(), 'agents');
  const loaded = useAsync(() => api.installer.site(agentId), `site/${agentId}`);
  const [latest, setLatest] = useState<SiteView | null>(null);
  const [deleting, setDeleting] = useState<CameraView | null>(null);
  const [editorRound, setEditorRound] = useState(0);
  const [reloadError, setReloadError] = useState<unknown>(undefined);
  const [now, setNow] = useState(() => Date.now());
  const reloadAgents = agents.reload;

  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
      reloadAgents();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reloadAgents]);

  const site = latest ?? loaded.data;
  const agent = agents.data?.find((a) => a.id === agentId);
  const base = `/agents/${encodeURIComponent(agentId)}`;
  const tab = query.get('tab') === 'versions' ? 'versions' : 'cameras';
  const go = (params: Record<string, string | undefined>) => navigate(hrefOf(base, params));
  const openVersion = Number(query.get('version')) || null;
  const editing = query.get('camera');
  const drawing = query.get('zones');
  const adding = query.get('add') === '1';

  // The agent's own config file wins: what is saved here is not what it runs.
  const local = agent !== undefined && runningConfigOf(agent).kind === 'local';
  const applied = (change: SiteChange) => {
    setLatest(change.site);
    reloadAgents();
  };
  /** After a conflict: the newest version replaces the page's, and open editors start again from it. */
  const reload = () => {
    setReloadError(undefined);
    api.installer.site(agentId).then((fresh) => {
      setLatest(fresh);
      setEditorRound((r) => r + 1);
      reloadAgents();
    }, setReloadError);
  };
  const cameraOf = (id: string | null) => (id === null ? undefined : site?.cameras.find((c) => c.camera.id === id));

  const body = (): ReactNode => {
    if (!site) return null;
    if (tab === 'versions') {
      return (
        <VersionsPanel
          agentId={agentId}
          latestVersion={site.version}
          site={site}
          openVersion={openVersion}
          hrefOfVersion={(version) => hrefOf(base, { tab: 'versions', version: version === null ? undefined : String(version) })}
          onRolledBack={(change) => {
            applied(change);
            flash(t('versions.rolledBack', { version: change.version }));
            go({ tab: 'versions' });
          }}
        />
      );
    }
    const drawn = cameraOf(drawing);
    if (drawn) {
      return <ZoneEditor key={`${drawn.camera.id}/${editorRound}`} agentId={agentId} site={site} camera={drawn} onSaved={applied} onClose={() => go({})} onReload={reload} unapplied={local} />;
    }
    const edited = cameraOf(editing);
    if (adding || edited) {
      return (
        <CameraForm
          key={`${edited?.camera.id ?? 'new'}/${editorRound}`}
          agentId={agentId}
          site={site}
          existing={edited}
          unapplied={local}
          onCancel={() => go({})}
          onReload={reload}
          onSaved={(change) => {
            applied(change);
            flash(t('site.savedVersion', { version: change.version }));
            go({});
          }}
        />
      );
    }
    return (
      <>
        <div className="form-actions form-actions--start">
          <button type="button" className="button button--primary" onClick={() => go({ add: '1' })}>
            {t('agent.addCamera')}
          </button>
        </div>
        {local && agent ? <RunningCameras agentId={agentId} lastSeenAt={agent.lastSeenAt} /> : null}
        {local ? <h2 className="panel__title">{t('agent.consoleCameras')}</h2> : null}
        <CameraTable
          cameras={site.cameras}
          emptyTitle={local ? t('agent.noConsoleCameras') : t('agent.noCameras')}
          hrefOf={(action, id) => hrefOf(base, action === 'edit' ? { camera: id } : { zones: id })}
          onDelete={setDeleting}
        />
      </>
    );
  };

  return (
    <section className="screen" aria-labelledby="agent-title">
      <div className="screen__head">
        <div>
          <Link to="/agents" className="back-link">
            ← {t('agent.back')}
          </Link>
          <h1 id="agent-title" className="screen__title">
            {t('agent.title', { agent: agentId })}
          </h1>
          <p className="screen__subtitle" data-testid="agent-summary">
            {agent ? (
              <>
                {t(`agents.presence.${presenceOf(agent, now)}`)} · {versionWords(t, agent)}
                {agent.lagging ? <span className="badge badge--warn">{t('agents.lagging')}</span> : null}
              </>
            ) : null}
          </p>
          {agent && runningConfigOf(agent).kind === 'local' ? (
            <p className="banner banner--info" data-testid="local-config-note">
              {t('agent.localConfig')}
            </p>
          ) : null}
        </div>
        {site ? (
          <p className="muted small" data-testid="site-version">
            {site.version === 0
              ? t('agent.noVersion')
              : t('agent.version', { version: site.version, user: site.updatedBy ?? t('common.none') })}
          </p>
        ) : null}
      </div>
      <nav className="subnav" aria-label={t('agent.sections')}>
        <Link to={base} className="subnav__link" aria-current={tab === 'cameras' ? 'page' : undefined}>
          {t('agent.camerasTab')}
        </Link>
        <Link to={hrefOf(base, { tab: 'versions' })} className="subnav__link" aria-current={tab === 'versions' ? 'page' : undefined}>
          {t('agent.versionsTab')}
        </Link>
      </nav>
      <SiteErrorBanner error={loaded.error ?? reloadError} onRetry={loaded.error ? loaded.reload : reload} />
      {loaded.loading && !site ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : null}
      {body()}
      {deleting && site ? (
        <ConfirmDialog
          danger
          title={t('agent.deleteTitle', { camera: deleting.camera.name })}
          confirmLabel={t('common.delete')}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            const change = await api.installer.deleteCamera(agentId, deleting.camera.id, site.version);
            setDeleting(null);
            applied(change);
            flash(t('site.savedVersion', { version: change.version }));
          }}
        >
          <p>{t('agent.deleteExplain', { camera: deleting.camera.name })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
