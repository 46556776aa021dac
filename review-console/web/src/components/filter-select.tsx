import { useTranslation } from 'react-i18next';
import { RULE_TYPES } from '../api/types.js';
import { Field } from './field.js';

interface FilterSelectProps {
  label: string;
  name: string;
  value: string;
  /** Value and shown text of each choice; an "all" choice (empty value) comes first. */
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}

/** One filter of the queue, history or dashboard: a labelled select whose empty value means "all". */
export function FilterSelect({ label, name, value, options, onChange }: FilterSelectProps) {
  const { t } = useTranslation();
  return (
    <Field label={label} className="field--inline">
      {(id) => (
        <select id={id} className="input" name={name} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('filters.all')}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The rule types as filter choices, in the UI's language. */
export function useRuleOptions(): { value: string; label: string }[] {
  const { t } = useTranslation();
  return RULE_TYPES.map((rule) => ({ value: rule, label: t(`rules.${rule}`) }));
}
