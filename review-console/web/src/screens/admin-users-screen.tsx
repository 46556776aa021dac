import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../src/api/api-types.js';
import { AddUserForm } from '../admin/add-user-form.js';
import { adminErrorWords } from '../admin/admin-error-words.js';
import { PlacesPanel } from '../admin/places-panel.js';
import { UserDialogs, type UserDialog } from '../admin/user-dialogs.js';
import { UserTable } from '../admin/user-table.js';
import { ErrorBanner } from '../components/error-banner.js';
import { flash } from '../components/flash.js';
import { useAsync } from '../components/use-async.js';
import { useApi, useMe } from '../session/session-context.js';
import '../styles/installer.css';
import '../styles/admin.css';

/** The admin's user management: every account, adding one, changing one; and the wards and districts they are given. */
export function AdminUsersScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const me = useMe();
  const users = useAsync(() => api.admin.users(), 'admin-users');
  const wards = useAsync(() => api.admin.wards(), 'admin-wards');
  const districts = useAsync(() => api.admin.districts(), 'admin-districts');
  const [dialog, setDialog] = useState<UserDialog | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const changed = (_user: UserSummary, message: string) => {
    setDialog(null);
    setFailure(null);
    flash(message);
    users.reload();
  };
  const enable = (user: UserSummary) => {
    setFailure(null);
    api.admin.updateUser(user.id, { disabled: false }).then(
      (updated) => changed(updated, t('admin.users.enabledDone', { username: user.username })),
      (error: unknown) => setFailure(adminErrorWords(t, error, { kind: 'updateUser', username: user.username })),
    );
  };
  const placesSaved = (message: string) => {
    flash(message);
    wards.reload();
    districts.reload();
  };
  const items = [...(users.data ?? [])].sort((a, b) => a.username.localeCompare(b.username));

  return (
    <section className="screen admin" aria-labelledby="users-title">
      <div className="screen__head">
        <div>
          <h1 id="users-title" className="screen__title">
            {t('admin.users.title')}
          </h1>
          <p className="screen__subtitle">{users.data ? t('admin.users.summary', { count: items.length }) : t('common.loading')}</p>
        </div>
      </div>
      <p className="muted">{t('admin.users.intro')}</p>
      <ErrorBanner error={users.error ?? wards.error ?? districts.error} onRetry={() => [users, wards, districts].forEach((s) => s.reload())} />
      {failure ? (
        <p className="banner banner--error" role="alert">
          {failure}
        </p>
      ) : null}
      {items.length > 0 ? (
        <UserTable users={items} wards={wards.data ?? []} districts={districts.data ?? []} myId={me.user.id} onOpen={setDialog} onEnable={enable} />
      ) : null}
      <AddUserForm
        wards={wards.data ?? []}
        districts={districts.data ?? []}
        onCreated={(user) => changed(user, t('admin.users.createdDone', { username: user.username }))}
      />
      <PlacesPanel wards={wards.data ?? []} districts={districts.data ?? []} onSaved={placesSaved} />
      {dialog ? (
        <UserDialogs key={`${dialog.kind}:${dialog.user.id}`} open={dialog} wards={wards.data ?? []} districts={districts.data ?? []} onDone={changed} onClose={() => setDialog(null)} />
      ) : null}
    </section>
  );
}
