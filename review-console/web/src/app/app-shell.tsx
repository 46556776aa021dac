import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { flash, FlashMessage } from '../components/flash.js';
import { CamerasScreen } from '../screens/cameras-screen.js';
import { CaseScreen } from '../screens/case-screen.js';
import { HistoryScreen } from '../screens/history-screen.js';
import { LoginScreen } from '../screens/login-screen.js';
import { QueueScreen } from '../screens/queue-screen.js';
import { hrefOf, navigate, safeReturnPath, useLocation } from '../router/location.js';
import { useSession } from '../session/session-context.js';
import { NavBar } from './nav-bar.js';
import { homePath, mayOpen, NAV, routeOf, type ScreenId } from './screens.js';

// The charts library is only needed here: a separate chunk keeps the officers' queue fast to load.
const DashboardScreen = lazy(async () => ({ default: (await import('../screens/dashboard-screen.js')).DashboardScreen }));
// The installer's screens carry the shared config schema (zod): officers never load them.
const AgentsScreen = lazy(async () => ({ default: (await import('../screens/agents-screen.js')).AgentsScreen }));
const AgentScreen = lazy(async () => ({ default: (await import('../screens/agent-screen.js')).AgentScreen }));
// Administration and the audit log: a handful of people use them, nobody else loads them.
const AdminUsersScreen = lazy(async () => ({ default: (await import('../screens/admin-users-screen.js')).AdminUsersScreen }));
const AuditScreen = lazy(async () => ({ default: (await import('../screens/audit-screen.js')).AuditScreen }));

/** Decides what to show for the address and the session: sign-in gate, role gate, then the screen. */
export function AppShell() {
  const { t } = useTranslation();
  const { session } = useSession();
  const location = useLocation();
  const route = routeOf(location.path);

  const redirect = ((): string | null => {
    if (session.status === 'loading') return null;
    if (session.status === 'anonymous') {
      if (route.screen === 'login') return null;
      // The whole address (filters included) rides along, so signing in again lands back on it;
      // after an explicit sign-out the next person starts afresh.
      const next = route.screen === 'home' || session.reason === 'signedOut' ? undefined : location.href;
      return hrefOf('/login', { next, expired: session.reason === 'expired' ? '1' : undefined });
    }
    const role = session.me.user.role;
    if (route.screen === 'login') return safeReturnPath(location.query.get('next')) ?? homePath(role);
    if (route.screen === 'home' || route.screen === 'unknown') return homePath(role);
    if (!mayOpen(role, route.screen)) return homePath(role);
    return null;
  })();

  // A signed-in user sent away from an address is told why, not silently dropped on the queue.
  const notice =
    session.status === 'loading' || session.status === 'anonymous' || route.screen === 'login' || route.screen === 'home'
      ? null
      : route.screen === 'unknown'
        ? 'app.unknownPage'
        : !mayOpen(session.me.user.role, route.screen)
          ? 'app.notAllowed'
          : null;
  useEffect(() => {
    if (redirect === null) return;
    if (notice) flash(t(notice));
    navigate(redirect, { replace: true });
  }, [redirect, notice, t]);

  useEffect(() => {
    const navLabel = NAV.find((entry) => entry.screen === route.screen)?.label ?? `nav.${route.screen}`;
    const key = route.screen === 'login' ? 'login.title' : route.screen === 'case' ? 'caseView.title' : route.screen === 'agent' ? 'nav.agents' : navLabel;
    document.title = `${t(key, { defaultValue: t('app.name') })} · ${t('app.name')}`;
  }, [route.screen, t]);

  if (session.status === 'loading' || redirect !== null) {
    return (
      <p className="page-loading" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (session.status === 'anonymous') return <LoginScreen expired={location.query.get('expired') === '1'} />;

  const screen = route.screen as ScreenId;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <NavBar active={screen} />
      <FlashMessage />
      <main id="main" className="main" tabIndex={-1}>
        {screen === 'queue' ? <QueueScreen query={location.query} /> : null}
        {screen === 'case' && 'caseId' in route && route.caseId ? <CaseScreen key={route.caseId} caseId={route.caseId} query={location.query} /> : null}
        {screen === 'history' ? <HistoryScreen query={location.query} /> : null}
        <Suspense
          fallback={
            <p className="page-loading" role="status">
              {t('common.loading')}
            </p>
          }
        >
          {screen === 'dashboard' ? <DashboardScreen query={location.query} /> : null}
          {screen === 'agents' ? <AgentsScreen /> : null}
          {screen === 'agent' && 'agentId' in route && route.agentId ? <AgentScreen key={route.agentId} agentId={route.agentId} query={location.query} /> : null}
          {screen === 'audit' ? <AuditScreen query={location.query} /> : null}
          {screen === 'users' ? <AdminUsersScreen /> : null}
        </Suspense>
        {screen === 'cameras' ? <CamerasScreen /> : null}
      </main>
    </>
  );
}
