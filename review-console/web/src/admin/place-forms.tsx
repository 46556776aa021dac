import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { District } from '../../../src/api/api-types.js';
import { Field } from '../components/field.js';
import { useApi } from '../session/session-context.js';
import { adminErrorWords, type AdminCall } from './admin-error-words.js';
import { useSubmit } from '../components/use-submit.js';

interface PlaceFormProps {
  title: string;
  titleId: string;
  canSubmit: boolean;
  call: AdminCall;
  save: () => Promise<void>;
  children: ReactNode;
}

/** A small "add" form whose refusal is shown under it in words. */
function PlaceForm({ title, titleId, canSubmit, call, save, children }: PlaceFormProps) {
  const { t } = useTranslation();
  const { busy, error, run } = useSubmit((failure) => adminErrorWords(t, failure, call));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(save);
  };
  return (
    <form className="form admin-place-form" aria-labelledby={titleId} onSubmit={(e) => void submit(e)}>
      <h4 id={titleId} className="admin-place-form__title">
        {title}
      </h4>
      <div className="form-grid">{children}</div>
      {error ? (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions form-actions--start">
        <button type="submit" className="button button--primary" disabled={busy || !canSubmit}>
          {busy ? t('common.saving') : title}
        </button>
      </div>
    </form>
  );
}

/** Adds a ward, or renames / regroups the ward with that id. */
export function AddWardForm({ districts, onSaved }: { districts: readonly District[]; onSaved: (name: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [districtId, setDistrictId] = useState('');
  const save = async () => {
    const ward = await api.admin.saveWard({ id: id.trim(), name: name.trim(), districtId: districtId === '' ? null : districtId });
    setId('');
    setName('');
    onSaved(ward.name);
  };
  return (
    <PlaceForm title={t('admin.places.addWard')} titleId="add-ward-title" canSubmit={id.trim() !== '' && name.trim() !== ''} call={{ kind: 'saveWard' }} save={save}>
      <Field label={t('admin.places.wardName')}>
        {(fid) => <input id={fid} className="input" name="ward-name" autoComplete="off" placeholder={t('admin.places.wardNamePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t('admin.places.wardId')}>
        {(fid) => <input id={fid} className="input mono" name="ward-id" autoComplete="off" spellCheck={false} placeholder="hoan-kiem" title={t('admin.places.idHint')} value={id} onChange={(e) => setId(e.target.value)} />}
      </Field>
      <Field label={t('admin.places.wardDistrict')}>
        {(fid) => (
          <select id={fid} className="input" name="ward-district" value={districtId} onChange={(e) => setDistrictId(e.target.value)}>
            <option value="">{t('admin.places.noDistrict')}</option>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </PlaceForm>
  );
}

export function AddDistrictForm({ onSaved }: { onSaved: (name: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const save = async () => {
    const district = await api.admin.createDistrict({ id: id.trim(), name: name.trim() });
    setId('');
    setName('');
    onSaved(district.name);
  };
  return (
    <PlaceForm title={t('admin.places.addDistrict')} titleId="add-district-title" canSubmit={id.trim() !== '' && name.trim() !== ''} call={{ kind: 'createDistrict', id: id.trim() }} save={save}>
      <Field label={t('admin.places.districtName')}>
        {(fid) => <input id={fid} className="input" name="district-name" autoComplete="off" placeholder={t('admin.places.districtNamePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t('admin.places.districtId')}>
        {(fid) => <input id={fid} className="input mono" name="district-id" autoComplete="off" spellCheck={false} placeholder="trung-tam" title={t('admin.places.idHint')} value={id} onChange={(e) => setId(e.target.value)} />}
      </Field>
    </PlaceForm>
  );
}
