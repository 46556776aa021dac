import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/language-switch.js';
import { Link } from '../router/link.js';
import { useSession, useMe } from '../session/session-context.js';
import { navFor, type ScreenId } from './screens.js';

export function NavBar({ active }: { active: ScreenId | null }) {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <span className="topbar__logo" aria-hidden="true">◉</span>
        <span className="topbar__name">{t('app.name')}</span>
      </div>
      <nav className="topbar__nav" aria-label={t('nav.label')}>
        <ul>
          {navFor(me.user.role).map((entry) => {
            const current = active === entry.screen || (active === 'case' && entry.screen === 'queue') || (active === 'agent' && entry.screen === 'agents');
            return (
              <li key={entry.screen}>
                <Link to={entry.path} className="topbar__link" aria-current={current ? 'page' : undefined}>
                  {t(entry.label)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="topbar__tools">
        <span className="topbar__user" title={me.user.wards.map((w) => w.name).join(', ')}>
          {t('nav.signedInAs', { username: me.user.username })}
          <span className="topbar__role"> ({t(`roles.${me.user.role}`)})</span>
        </span>
        <LanguageSwitch />
        <button type="button" className="button button--ghost" title={me.user.username} onClick={() => void signOut()}>
          {t('nav.signOut')}
        </button>
      </div>
    </header>
  );
}
