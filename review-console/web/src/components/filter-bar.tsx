import type { ReactNode } from 'react';
import { DayInput } from './day-input.js';
import { Field } from './field.js';
import { useTranslation } from 'react-i18next';
import type { WardRef } from '../api/types.js';
import { FilterSelect, useRuleOptions } from './filter-select.js';
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
  const ruleOptions = useRuleOptions();
  const set = (key: keyof FilterQuery, v: string) => onChange({ ...value, [key]: v });
  const anySet = Object.values(value).some((v) => v !== '');
  return (
    <form className="filters" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
      {children}
      {wards.length > 1 ? (
        <FilterSelect label={t('filters.ward')} name="ward" value={value.ward} options={wards.map((w) => ({ value: w.id, label: w.name }))} onChange={(v) => set('ward', v)} />
      ) : null}
      <FilterSelect label={t('filters.camera')} name="camera" value={value.camera} options={cameras.map((c) => ({ value: c.id, label: c.name }))} onChange={(v) => set('camera', v)} />
      <FilterSelect label={t('filters.rule')} name="rule" value={value.rule} options={ruleOptions} onChange={(v) => set('rule', v)} />
      <Field label={t('filters.from')} className="field--inline">
        {(id) => (
          <DayInput id={id} name="from" value={value.from} max={value.to || undefined} onChange={(day) => set('from', day)} />
        )}
      </Field>
      <Field label={t('filters.to')} className="field--inline">
        {(id) => (
          <DayInput id={id} name="to" value={value.to} min={value.from || undefined} onChange={(day) => set('to', day)} />
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
