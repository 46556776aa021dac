import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DayInput } from '../components/day-input.js';
import { Field } from '../components/field.js';
import { FilterSelect } from '../components/filter-select.js';
import { AUDIT_ACTIONS } from './audit-words.js';
import { EMPTY_AUDIT_QUERY, type AuditQuery } from './audit-query.js';

interface AuditFiltersProps {
  value: AuditQuery;
  /** Usernames seen so far, offered as the user field is typed. */
  knownUsers: readonly string[];
  onChange: (next: AuditQuery) => void;
}

/**
 * The audit log's filters. Choices apply at once; the typed ones (user, case id) on Enter, on
 * "Lọc" or on leaving the field, so a half-typed username does not ask the server for nothing.
 */
export function AuditFilters({ value, knownUsers, onChange }: AuditFiltersProps) {
  const { t } = useTranslation();
  const [actor, setActor] = useState(value.actor);
  const [caseId, setCaseId] = useState(value.case);
  useEffect(() => setActor(value.actor), [value.actor]);
  useEffect(() => setCaseId(value.case), [value.case]);
  const typed = () => ({ ...value, actor: actor.trim(), case: caseId.trim() });
  const commit = () => {
    const next = typed();
    if (next.actor !== value.actor || next.case !== value.case) onChange(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    commit();
  };
  const anySet = Object.values(value).some((v) => v !== '') || actor !== '' || caseId !== '';
  return (
    <form className="filters" aria-label={t('auditLog.filters.label')} onSubmit={submit}>
      <Field label={t('auditLog.filters.user')} className="field--inline admin-filter--user">
        {(id) => (
          <input id={id} className="input mono" name="actor" list="audit-known-users" autoComplete="off" spellCheck={false} placeholder={t('auditLog.filters.userPlaceholder')} value={actor} onChange={(e) => setActor(e.target.value)} onBlur={commit} />
        )}
      </Field>
      <datalist id="audit-known-users">
        {knownUsers.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <Field label={t('auditLog.filters.caseId')} className="field--inline admin-filter--case">
        {(id) => <input id={id} className="input mono" name="case" autoComplete="off" spellCheck={false} value={caseId} onChange={(e) => setCaseId(e.target.value)} onBlur={commit} />}
      </Field>
      <FilterSelect
        label={t('auditLog.filters.action')}
        name="action"
        value={value.action}
        options={AUDIT_ACTIONS.map((action) => ({ value: action, label: t(`auditLog.actions.${action}`) }))}
        onChange={(action) => onChange({ ...typed(), action })}
      />
      <Field label={t('filters.from')} className="field--inline">
        {(id) => <DayInput id={id} name="from" value={value.from} max={value.to || undefined} onChange={(day) => onChange({ ...typed(), from: day })} />}
      </Field>
      <Field label={t('filters.to')} className="field--inline">
        {(id) => <DayInput id={id} name="to" value={value.to} min={value.from || undefined} onChange={(day) => onChange({ ...typed(), to: day })} />}
      </Field>
      <button type="submit" className="button">
        {t('auditLog.filters.apply')}
      </button>
      {anySet ? (
        <button type="button" className="button button--ghost filters__clear" onClick={() => onChange(EMPTY_AUDIT_QUERY)}>
          {t('filters.clear')}
        </button>
      ) : null}
    </form>
  );
}
