import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentEnrolment, AgentOverview } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { useAsync } from '../components/use-async.js';
import { AddAgentForm } from '../installer/add-agent-form.js';
import { AgentTable } from '../installer/agent-table.js';
import { EnrolmentPanel } from '../installer/enrolment-panel.js';
import { SiteErrorBanner } from '../installer/site-error.js';
import { useApi } from '../session/session-context.js';
import '../styles/installer.css';

/** Agents sync every few seconds: a short poll shows one coming online or catching up soon after. */
const REFRESH_MS = 5_000;

/** The installer's list of agents, with the form that creates one and shows its enrolment token once. */
export function AgentsScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const agents = useAsync(() => api.installer.agents(), 'agents');
  const wards = useAsync(() => api.installer.agentWards(), 'agent-wards');
  // What each agent reports running: for one that runs its own file, the console's list is not it.
  const reported = useAsync(() => api.cameras(), 'reported-cameras');
  const [enrolment, setEnrolment] = useState<AgentEnrolment | null>(null);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [now, setNow] = useState(() => Date.now());
  const { reload } = agents;

  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
      reload();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const wardName = (id: string) => wards.data?.find((w) => w.id === id)?.name ?? id;
  const show = (next: AgentEnrolment) => {
    setEnrolment(next);
    reload();
  };
  const newEnrolment = (agent: AgentOverview) => {
    setFailure(undefined);
    api.installer.newEnrolment(agent.id).then(show, setFailure);
  };
  const items = [...(agents.data ?? [])].sort((a, b) => a.id.localeCompare(b.id));

  return (
    <section className="screen" aria-labelledby="agents-title">
      <div className="screen__head">
        <div>
          <h1 id="agents-title" className="screen__title">
            {t('agents.title')}
          </h1>
          <p className="screen__subtitle">{agents.data ? t('agents.summary', { count: items.length }) : t('common.loading')}</p>
        </div>
      </div>
      <p className="muted">{t('agents.intro')}</p>
      {enrolment ? <EnrolmentPanel key={enrolment.enrolmentToken} enrolment={enrolment} onDone={() => setEnrolment(null)} /> : null}
      <SiteErrorBanner error={agents.error ?? failure} onRetry={reload} />
      {agents.data && items.length === 0 ? <EmptyState title={t('agents.empty')} /> : null}
      {items.length > 0 ? <AgentTable agents={items} wardName={wardName} now={now} onNewEnrolment={newEnrolment} reported={reported.data ?? []} /> : null}
      <AddAgentForm wards={wards.data ?? []} onCreated={show} />
    </section>
  );
}
