import { useTranslation } from 'react-i18next';
import { weekdays, type ScheduleConfig, type ZoneConfig } from '@wardwatch/contracts/site-config';
import { Field } from '../components/field.js';
import { newSchedule, zoneIdFromName } from './zone-draft.js';
import { ZoneRules } from './zone-rules.js';

interface ZoneSettingsProps {
  zone: ZoneConfig;
  /** The camera's other zones: a new zone's id must differ from theirs. */
  others: readonly ZoneConfig[];
  /** Not saved yet: its id still follows its name. A saved zone keeps its id (cases and logs name it). */
  isNew: boolean;
  onChange: (zone: ZoneConfig) => void;
}

/** The selected zone's name (its id shown beside it), rules and optional schedule. */
export function ZoneSettings({ zone, others, isNew, onChange }: ZoneSettingsProps) {
  const { t } = useTranslation();
  const label = zone.name?.trim() || t('zones.unnamed');
  return (
    <div className="zone-settings">
      <h3 className="zone-settings__title">{t('zones.settingsTitle', { zone: label })}</h3>
      <div className="form-grid">
        <Field label={t('zones.name')}>
          {(id) => (
            <input
              id={id}
              className="input"
              value={zone.name ?? ''}
              maxLength={200}
              required
              onChange={(e) => {
                const { name: _name, ...rest } = zone;
                const name = e.target.value;
                const next = name === '' ? rest : { ...rest, name };
                onChange(isNew && name.trim() !== '' ? { ...next, id: zoneIdFromName(name, others) } : next);
              }}
            />
          )}
        </Field>
      </div>
      <p className="muted small">
        {t('zones.idShown', { id: zone.id })} {isNew ? t('zones.idFollowsName') : t('zones.idKept')}
      </p>
      <ZoneRules zoneLabel={label} rules={zone.rules} onChange={(rules) => onChange({ ...zone, rules })} />
      <ScheduleEditor
        schedule={zone.schedule}
        onChange={(schedule) => {
          const { schedule: _old, ...rest } = zone;
          onChange(schedule ? { ...rest, schedule } : rest);
        }}
      />
    </div>
  );
}

function ScheduleEditor({ schedule, onChange }: { schedule: ScheduleConfig | undefined; onChange: (schedule: ScheduleConfig | undefined) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset zone-schedule">
      <legend className="field__label">{t('zones.schedule')}</legend>
      <label className="check">
        <input type="checkbox" checked={schedule !== undefined} onChange={(e) => onChange(e.target.checked ? newSchedule() : undefined)} />
        <span>{t('zones.scheduleOn')}</span>
      </label>
      {schedule ? (
        <>
          <fieldset className="zone-schedule__days">
            <legend className="small">{t('zones.days')}</legend>
            {weekdays.map((day) => (
              <label key={day} className="check check--inline">
                <input
                  type="checkbox"
                  checked={schedule.days.includes(day)}
                  onChange={(e) => onChange({ ...schedule, days: e.target.checked ? weekdays.filter((d) => d === day || schedule.days.includes(d)) : schedule.days.filter((d) => d !== day) })}
                />
                <span>{t(`zones.weekdays.${day}`)}</span>
              </label>
            ))}
          </fieldset>
          <div className="form-grid">
            <Field label={t('zones.start')}>
              {(id) => <input id={id} className="input" type="time" value={schedule.start} onChange={(e) => onChange({ ...schedule, start: e.target.value })} />}
            </Field>
            <Field label={t('zones.end')}>
              {(id) => <input id={id} className="input" type="time" value={schedule.end} onChange={(e) => onChange({ ...schedule, end: e.target.value })} />}
            </Field>
          </div>
          <p className="muted small">{t('zones.scheduleHint')}</p>
        </>
      ) : (
        <p className="muted small">{t('zones.alwaysOn')}</p>
      )}
    </fieldset>
  );
}
