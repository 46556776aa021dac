import { useTranslation } from 'react-i18next';
import type { District, Ward } from '../../../src/api/api-types.js';
import type { Role } from '../api/types.js';
import { Field } from '../components/field.js';

export const ROLES: readonly Role[] = ['officer', 'supervisor', 'installer', 'admin'];

/** Who a user is and which wards' cases they see, as the form holds it ('' = no district). */
export interface Access {
  role: Role;
  wards: string[];
  districtId: string;
}

/** The rules the server applies to a new user (the role's hint says them), checked before the admin can save. */
export function accessComplete(access: Access): boolean {
  if (access.role === 'officer') return access.wards.length > 0;
  if (access.role === 'supervisor') return access.districtId !== '' || access.wards.length > 0;
  return true;
}

/** What the API stores: admins see every ward and installers none, so their lists stay empty. */
export function accessRequest(access: Access): { role: Role; wards: string[]; districtId: string | null } {
  const scoped = access.role === 'officer' || access.role === 'supervisor';
  return { role: access.role, wards: scoped ? [...access.wards].sort() : [], districtId: access.role === 'supervisor' && access.districtId !== '' ? access.districtId : null };
}

interface AccessFieldsProps {
  value: Access;
  wards: readonly Ward[];
  districts: readonly District[];
  onChange: (next: Access) => void;
}

/** Role, wards as checkboxes by name, and a district for supervisors. */
export function AccessFields({ value, wards, districts, onChange }: AccessFieldsProps) {
  const { t } = useTranslation();
  const scoped = value.role === 'officer' || value.role === 'supervisor';
  const toggle = (id: string, on: boolean) => onChange({ ...value, wards: on ? [...value.wards, id] : value.wards.filter((w) => w !== id) });
  return (
    <>
      <div className="form-grid">
        <Field label={t('admin.userForm.role')}>
          {(id) => (
            <select id={id} className="input" name="role" value={value.role} onChange={(e) => onChange({ ...value, role: e.target.value as Role })}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`admin.roleNames.${role}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {value.role === 'supervisor' ? (
          <Field label={t('admin.userForm.district')}>
            {(id) => (
              <select id={id} className="input" name="district" value={value.districtId} onChange={(e) => onChange({ ...value, districtId: e.target.value })}>
                <option value="">{t('admin.userForm.noDistrict')}</option>
                {districts.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      {scoped ? (
        <fieldset className="fieldset">
          <legend className="field__label">{t('admin.userForm.wards')}</legend>
          {wards.length === 0 ? <p className="muted small">{t('admin.userForm.noWardsYet')}</p> : null}
          <div className="admin-wards">
            {wards.map((ward) => (
              <label key={ward.id} className="check">
                <input type="checkbox" name="wards" value={ward.id} checked={value.wards.includes(ward.id)} onChange={(e) => toggle(ward.id, e.target.checked)} />
                {ward.name}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <p className="muted small">{t(`admin.userForm.wardsHint.${value.role}`)}</p>
    </>
  );
}
