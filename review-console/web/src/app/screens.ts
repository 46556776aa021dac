import type { Role } from '../api/types.js';

export type ScreenId = 'queue' | 'case' | 'history' | 'dashboard' | 'cameras' | 'agents' | 'agent' | 'audit' | 'users';

export interface NavEntry {
  screen: ScreenId;
  path: string;
  /** i18n key of the label. */
  label: string;
  roles: readonly Role[];
}

const CASE_ROLES: readonly Role[] = ['officer', 'supervisor', 'admin'];
const ALL_ROLES: readonly Role[] = ['officer', 'supervisor', 'installer', 'admin'];
/** Agents, cameras and zones: set up by installers, no case data in them. */
const INSTALLER_ROLES: readonly Role[] = ['installer', 'admin'];
/** The audit log: a supervisor reads their district's, an admin everything. */
const AUDIT_ROLES: readonly Role[] = ['supervisor', 'admin'];

/*
 * The navigation, in order. A new screen is one entry here plus one line in `app-shell.tsx`;
 * a detail page (a case, an agent) is a pattern in `routeOf` and highlights its list's entry.
 * The dashboard is for every role that sees cases: the server narrows officers to their wards
 * and supervisors to their district.
 */
export const NAV: readonly NavEntry[] = [
  { screen: 'queue', path: '/queue', label: 'nav.queue', roles: CASE_ROLES },
  { screen: 'history', path: '/history', label: 'nav.history', roles: CASE_ROLES },
  { screen: 'dashboard', path: '/dashboard', label: 'nav.dashboard', roles: CASE_ROLES },
  { screen: 'cameras', path: '/cameras', label: 'nav.cameras', roles: ALL_ROLES },
  { screen: 'agents', path: '/agents', label: 'nav.agents', roles: INSTALLER_ROLES },
  { screen: 'audit', path: '/audit', label: 'admin.nav.audit', roles: AUDIT_ROLES },
  { screen: 'users', path: '/admin/users', label: 'admin.nav.users', roles: ['admin'] },
];

export function navFor(role: Role): NavEntry[] {
  return NAV.filter((entry) => entry.roles.includes(role));
}

/** Where a user lands: installers see no case data, so they start at the cameras. */
export function homePath(role: Role): string {
  return role === 'installer' ? '/cameras' : '/queue';
}

export type Route = { screen: ScreenId; caseId?: string; agentId?: string } | { screen: 'login' } | { screen: 'home' } | { screen: 'unknown' };

export function routeOf(path: string): Route {
  if (path === '/login') return { screen: 'login' };
  if (path === '/' || path === '') return { screen: 'home' };
  const caseMatch = /^\/cases\/([^/]+)$/.exec(path);
  if (caseMatch?.[1]) return { screen: 'case', caseId: decodeURIComponent(caseMatch[1]) };
  const agentMatch = /^\/agents\/([^/]+)$/.exec(path);
  if (agentMatch?.[1]) return { screen: 'agent', agentId: decodeURIComponent(agentMatch[1]) };
  const entry = NAV.find((e) => e.path === path);
  return entry ? { screen: entry.screen } : { screen: 'unknown' };
}

export function mayOpen(role: Role, screen: ScreenId): boolean {
  if (screen === 'case') return CASE_ROLES.includes(role);
  if (screen === 'agent') return INSTALLER_ROLES.includes(role);
  return NAV.some((e) => e.screen === screen && e.roles.includes(role));
}
