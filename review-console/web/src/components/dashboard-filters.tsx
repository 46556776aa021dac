import { useTranslation } from 'react-i18next';
import type { WardRef } from '../api/types.js';
import { PERIOD_CHOICES, type Period, type PeriodChoice } from './dashboard-period.js';
import { DayInput } from './day-input.js';
import { Field } from './field.js';
import { FilterSelect, useRuleOptions } from './filter-select.js';

export interface DashboardChoice {
  period: PeriodChoice;
  /** Days of a custom period (`yyyy-MM-dd`, Hanoi). */
  from: string;
  to: string;
  ward: string;
  rule: string;
}

interface DashboardFiltersProps {
  value: DashboardChoice;
  /** The period as resolved, to start a custom one from the days on screen. */
  period: Period;
  wards: readonly WardRef[];
  onChange: (next: DashboardChoice) => void;
}

/** Period (last 7/30/90 days or custom Hanoi days), ward and rule; everything lives in the address. */
export function DashboardFilters({ value, period, wards, onChange }: DashboardFiltersProps) {
  const { t } = useTranslation();
  const ruleOptions = useRuleOptions();
  const set = (patch: Partial<DashboardChoice>) => onChange({ ...value, ...patch });
  const choose = (choice: PeriodChoice) =>
    choice === 'custom' ? set({ period: choice, from: period.fromDay, to: period.toDay }) : set({ period: choice, from: '', to: '' });
  return (
    <form className="filters" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
      <Field label={t('dashboard.period')} className="field--inline">
        {(id) => (
          <select id={id} className="input" name="period" value={value.period} onChange={(e) => choose(e.target.value as PeriodChoice)}>
            {PERIOD_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {t(`dashboard.periods.${choice}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {value.period === 'custom' ? (
        <>
          <Field label={t('filters.from')} className="field--inline">
            {(id) => <DayInput id={id} name="from" required value={value.from} max={value.to || undefined} onChange={(day) => set({ from: day })} />}
          </Field>
          <Field label={t('filters.to')} className="field--inline">
            {(id) => <DayInput id={id} name="to" required value={value.to} min={value.from || undefined} onChange={(day) => set({ to: day })} />}
          </Field>
        </>
      ) : null}
      {wards.length > 1 ? (
        <FilterSelect label={t('filters.ward')} name="ward" value={value.ward} options={wards.map((w) => ({ value: w.id, label: w.name }))} onChange={(v) => set({ ward: v })} />
      ) : null}
      <FilterSelect label={t('filters.rule')} name="rule" value={value.rule} options={ruleOptions} onChange={(v) => set({ rule: v })} />
    </form>
  );
}
