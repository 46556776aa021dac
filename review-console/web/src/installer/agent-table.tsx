import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AgentOverview, CameraStatus } from '../api/types.js';
import { formatHanoiTime } from '../format/time-format.js';
import { Link } from '../router/link.js';
import { presenceOf, runningConfigOf } from './agent-status.js';

interface AgentTableProps {
  agents: readonly AgentOverview[];
  wardName: (id: string) => string;
  now: number;
  onNewEnrolment: (agent: AgentOverview) => void;
  /** The cameras agents report running (heartbeats). */
  reported: readonly CameraStatus[];
}

/** `đang chạy v3 · mới nhất v5`: what the agent runs against what the console holds. */
export function versionWords(t: TFunction, agent: AgentOverview): string {
  const running = runningConfigOf(agent);
  const latest = agent.latestVersion === 0 ? t('agents.version.noneSaved') : t('agents.version.latest', { version: agent.latestVersion });
  if (running.kind === 'unknown') return `${t('agents.version.notReported')} · ${latest}`;
  const runs = running.kind === 'managed' ? t('agents.version.running', { version: running.version }) : t('agents.version.local', { label: running.label });
  return `${runs} · ${latest}`;
}

/** Every agent: whether it is online, which config it runs, how many cameras, enrolment state. */
export function AgentTable({ agents, wardName, now, onNewEnrolment, reported }: AgentTableProps) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('agents.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('agents.columns.agent')}</th>
            <th scope="col">{t('agents.columns.ward')}</th>
            <th scope="col">{t('agents.columns.state')}</th>
            <th scope="col">{t('agents.columns.config')}</th>
            <th scope="col" className="num">
              {t('agents.columns.cameras')}
            </th>
            <th scope="col">{t('agents.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => {
            const presence = presenceOf(agent, now);
            return (
              <tr key={agent.id} data-agent-id={agent.id}>
                <th scope="row">
                  <Link to={`/agents/${encodeURIComponent(agent.id)}`} className="table__link mono">
                    {agent.id}
                  </Link>
                </th>
                <td>{wardName(agent.ward)}</td>
                <td data-testid="agent-presence">
                  <span className={`camera-state camera-state--${presence === 'online' ? 'up' : presence === 'never' ? 'starting' : 'down'}`}>{t(`agents.presence.${presence}`)}</span>
                  {agent.lastSeenAt ? <span className="muted small block">{t('agents.lastSeen', { time: formatHanoiTime(agent.lastSeenAt) })}</span> : null}
                  {agent.enrolmentPending ? <span className="badge badge--info block-badge">{t('agents.enrolmentPending')}</span> : null}
                </td>
                <td data-testid="agent-version">
                  <span className="block">{versionWords(t, agent)}</span>
                  {agent.lagging ? <span className="badge badge--warn">{t('agents.lagging')}</span> : null}
                </td>
                <td className="num" data-testid="agent-cameras">
                  {runningConfigOf(agent).kind === 'local' ? (
                    <span title={t('agents.localCameras')}>
                      {reported.filter((c) => c.agentId === agent.id && !c.stale).length}
                      <span className="muted small block">{t('agents.fromLocalFile')}</span>
                    </span>
                  ) : (
                    agent.cameraCount
                  )}
                </td>
                <td className="table__actions">
                  {agent.revokedAt ? null : (
                    <button type="button" className="button button--small" aria-label={t('agents.newEnrolmentOf', { agent: agent.id })} onClick={() => onNewEnrolment(agent)}>
                      {t('agents.newEnrolment')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
