import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayToText, textToDay } from '../format/day-input.js';

interface DayInputProps {
  id: string;
  name: string;
  /** `yyyy-MM-dd`, or '' for none. */
  value: string;
  onChange: (day: string) => void;
  required?: boolean;
  /** Earliest / latest allowed day, `yyyy-MM-dd`. */
  min?: string | undefined;
  max?: string | undefined;
}

/**
 * A day typed as `dd/mm/yyyy` (see format/day-input.ts). The value changes once the text is a
 * whole valid day or empty; until then the field says what it expects.
 */
export function DayInput({ id, name, value, onChange, required, min, max }: DayInputProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(dayToText(value));
  useEffect(() => {
    // A change from outside (a cleared filter, a chosen period) replaces what was typed; only
    // `value` matters here, the text is read as it was.
    setText((typed) => (textToDay(typed) === value ? typed : dayToText(value)));
  }, [value]);
  const inRange = (day: string) => day === '' || ((min === undefined || day >= min) && (max === undefined || day <= max));
  const day = textToDay(text);
  const invalid = day === null || !inRange(day) || (required === true && day === '');
  // Said in words once something is typed: a red border alone reads as nothing to many people.
  const problem = day === null ? t('filters.dayInvalid') : day !== '' && !inRange(day) ? t('filters.dayOutOfRange') : null;
  return (
    <>
      <input
        id={id}
        className="input input--day"
        type="text"
        name={name}
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('filters.dayPlaceholder')}
        title={t('filters.dayHint')}
        aria-invalid={invalid}
        value={text}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          const parsed = textToDay(next);
          if (parsed !== null && parsed !== value && inRange(parsed)) onChange(parsed);
        }}
        aria-describedby={problem ? `${id}-problem` : undefined}
      />
      {problem ? (
        <span id={`${id}-problem`} className="field__problem" role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}
