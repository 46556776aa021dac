import type { ReactNode } from 'react';
import { Field } from './field.js';
import { useTranslation } from 'react-i18next';
import { RULE_TYPES, type WardRef } from '../api/types.js';
import type { FilterQuery } from './case-filter.js';

export interface CameraOption {
  id: string;
  name: string;
}

interface FilterBarProps {
  value: FilterQuery;
  wards: readonly WardRef[];
  cameras: readonly CameraOption[];
  onChange: (next: FilterQuery) => void;
  /** Extra controls (the history search) placed first. */
  children?: ReactNode;
}

export function FilterBar({ value, wards, cameras, onChange, children }: FilterBarProps) {
  const { t } = useTranslation();
  const set = (key: keyof FilterQuery, v: string) => onChange({ ...value, [key]: v });
  const anySet = Object.values(value).some((v) => v !== '');
  return (
    <form className="filters" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
      {children}
      {wards.length > 1 ? (
        <Field label={t('filters.ward')} className="field--inline">
          {(id) => (
            <select id={id} className="input" name="ward" value={value.ward} onChange={(e) => set('ward', e.target.value)}>
              <option value="">{t('filters.all')}</option>
              {wards.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field label={t('filters.camera')} className="field--inline">
        {(id) => (
          <select id={id} className="input" name="camera" value={value.camera} onChange={(e) => set('camera', e.target.value)}>
            <option value="">{t('filters.all')}</option>
            {cameras.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('filters.rule')} className="field--inline">
        {(id) => (
          <select id={id} className="input" name="rule" value={value.rule} onChange={(e) => set('rule', e.target.value)}>
            <option value="">{t('filters.all')}</option>
            {RULE_TYPES.map((r) => (
              <option key={r} value={r}>
                {t(`rules.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('filters.from')} className="field--inline">
        {(id) => (
          <input id={id} className="input" type="date" name="from" value={value.from} max={value.to || undefined} onChange={(e) => set('from', e.target.value)} />
        )}
      </Field>
      <Field label={t('filters.to')} className="field--inline">
        {(id) => (
          <input id={id} className="input" type="date" name="to" value={value.to} min={value.from || undefined} onChange={(e) => set('to', e.target.value)} />
        )}
      </Field>
      {anySet ? (
        <button type="button" className="button button--ghost filters__clear" onClick={() => onChange({ ward: '', camera: '', rule: '', from: '', to: '' })}>
          {t('filters.clear')}
        </button>
      ) : null}
    </form>
  );
}

/** Cameras to offer: those the console knows for the user's wards, plus any seen in the list. */
export function cameraOptions(known: readonly { cameraId: string; name: string }[], seen: readonly { cameraId: string; cameraName: string }[]): CameraOption[] {
  const byId = new Map<string, string>();
  for (const c of known) byId.set(c.cameraId, c.name);
  for (const c of seen) if (!byId.has(c.cameraId)) byId.set(c.cameraId, c.cameraName);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}
