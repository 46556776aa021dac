import { useTranslation } from 'react-i18next';
import type { District, UserSummary, Ward } from '../../../src/api/api-types.js';
import { formatHanoiDate } from '../format/time-format.js';
import type { UserDialog } from './user-dialogs.js';

interface UserTableProps {
  users: readonly UserSummary[];
  wards: readonly Ward[];
  districts: readonly District[];
  myId: string;
  onOpen: (dialog: UserDialog) => void;
  onEnable: (user: UserSummary) => void;
}

/** Every account: role and wards in words, whether it can sign in, and what the admin can change. */
export function UserTable({ users, wards, districts, myId, onOpen, onEnable }: UserTableProps) {
  const { t } = useTranslation();
  const wardName = (id: string) => wards.find((w) => w.id === id)?.name ?? id;
  const districtName = (id: string | null) => (id === null ? t('common.none') : (districts.find((d) => d.id === id)?.name ?? id));
  const wardWords = (user: UserSummary) => {
    if (user.role === 'admin') return t('admin.users.allWards');
    return user.wards.length === 0 ? t('common.none') : user.wards.map(wardName).join(', ');
  };
  return (
    <div className="table-wrap">
      <table className="table admin-users">
        <caption className="visually-hidden">{t('admin.users.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.users.columns.username')}</th>
            <th scope="col">{t('admin.users.columns.role')}</th>
            <th scope="col">{t('admin.users.columns.wards')}</th>
            <th scope="col">{t('admin.users.columns.district')}</th>
            <th scope="col">{t('admin.users.columns.state')}</th>
            <th scope="col">{t('admin.users.columns.created')}</th>
            <th scope="col">{t('admin.users.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-username={user.username} className={user.disabled ? 'admin-users__row--disabled' : undefined}>
              <th scope="row" className="mono">
                {user.username}
                {user.id === myId ? <span className="muted small"> {t('admin.users.you')}</span> : null}
              </th>
              <td data-testid="user-role">{t(`admin.roleNames.${user.role}`)}</td>
              <td data-testid="user-wards">{wardWords(user)}</td>
              <td>{districtName(user.districtId)}</td>
              <td data-testid="user-state">
                <span className={`badge ${user.disabled ? 'badge--warn' : 'badge--ok'} admin-badge`}>{user.disabled ? t('admin.users.disabled') : t('admin.users.enabled')}</span>
              </td>
              <td className="nowrap">{formatHanoiDate(user.createdAt)}</td>
              <td className="table__actions admin-users__actions">
                <button type="button" className="button button--small" aria-label={t('admin.users.editOf', { username: user.username })} onClick={() => onOpen({ kind: 'edit', user })}>
                  {t('admin.users.edit')}
                </button>
                <button type="button" className="button button--small" aria-label={t('admin.users.resetPasswordOf', { username: user.username })} onClick={() => onOpen({ kind: 'password', user })}>
                  {t('admin.users.resetPassword')}
                </button>
                {user.disabled ? (
                  <button type="button" className="button button--small" aria-label={t('admin.users.enableOf', { username: user.username })} onClick={() => onEnable(user)}>
                    {t('admin.users.enable')}
                  </button>
                ) : user.id === myId ? null : (
                  // Locking oneself out is never what an admin means to do.
                  <button type="button" className="button button--small button--ghost" aria-label={t('admin.users.disableOf', { username: user.username })} onClick={() => onOpen({ kind: 'disable', user })}>
                    {t('admin.users.disable')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
