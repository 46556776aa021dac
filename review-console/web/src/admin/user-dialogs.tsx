import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { District, UpdateUserRequest, UserSummary, Ward } from '../../../src/api/api-types.js';
import { Field } from '../components/field.js';
import { useApi } from '../session/session-context.js';
import { AccessFields, accessComplete, accessRequest, type Access } from './access-fields.js';
import { ActionDialog } from './action-dialog.js';
import { adminErrorWords } from './admin-error-words.js';

export type UserDialog = { kind: 'edit' | 'password' | 'disable'; user: UserSummary };

interface UserDialogsProps {
  open: UserDialog;
  wards: readonly Ward[];
  districts: readonly District[];
  /** The change went through: the user as stored now, and what to tell the admin. */
  onDone: (user: UserSummary, message: string) => void;
  onClose: () => void;
}

/** Only what changed: every change to role or wards ends the user's sessions, so nothing is sent for nothing. */
function changesOf(user: UserSummary, access: Access): UpdateUserRequest {
  const next = accessRequest(access);
  const out: UpdateUserRequest = {};
  if (next.role !== user.role) out.role = next.role;
  if (next.wards.join(',') !== [...user.wards].sort().join(',')) out.wards = next.wards;
  if (next.districtId !== user.districtId) out.districtId = next.districtId;
  return out;
}

/** Change access, reset the password or disable one user; a refusal stays on screen in words. */
export function UserDialogs({ open, wards, districts, onDone, onClose }: UserDialogsProps) {
  const { t } = useTranslation();
  const api = useApi();
  const { user } = open;
  const [access, setAccess] = useState<Access>({ role: user.role, wards: [...user.wards], districtId: user.districtId ?? '' });
  const [password, setPassword] = useState('');
  const errorOf = (failure: unknown) => adminErrorWords(t, failure, { kind: 'updateUser', username: user.username });
  const update = async (request: UpdateUserRequest, message: string) => onDone(await api.admin.updateUser(user.id, request), message);

  switch (open.kind) {
    case 'edit': {
      const changes = changesOf(user, access);
      return (
        <ActionDialog
          title={t('admin.editUser.title', { username: user.username })}
          titleId="edit-user-title"
          submitLabel={t('admin.editUser.save')}
          canSubmit={Object.keys(changes).length > 0 && accessComplete(access)}
          onSubmit={() => update(changes, t('admin.users.savedDone', { username: user.username }))}
          errorOf={errorOf}
          onClose={onClose}
        >
          <AccessFields value={access} wards={wards} districts={districts} onChange={setAccess} />
        </ActionDialog>
      );
    }
    case 'password':
      return (
        <ActionDialog
          title={t('admin.passwordReset.title', { username: user.username })}
          titleId="password-title"
          submitLabel={t('admin.passwordReset.save')}
          canSubmit={password !== ''}
          onSubmit={() => update({ password }, t('admin.users.passwordDone', { username: user.username }))}
          errorOf={errorOf}
          onClose={onClose}
        >
          <Field label={t('admin.passwordReset.newPassword')}>
            {(id) => <input id={id} className="input" type="password" name="reset-password" autoComplete="new-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
          <p className="muted small">
            {t('admin.userForm.passwordHint')} {t('admin.passwordReset.note')}
          </p>
        </ActionDialog>
      );
    case 'disable':
      return (
        <ActionDialog
          title={t('admin.disableUser.title', { username: user.username })}
          titleId="disable-user-title"
          submitLabel={t('admin.disableUser.confirm')}
          danger
          onSubmit={() => update({ disabled: true }, t('admin.users.disabledDone', { username: user.username }))}
          errorOf={errorOf}
          onClose={onClose}
        >
          <p>{t('admin.disableUser.text')}</p>
        </ActionDialog>
      );
  }
}
