import { useTranslation } from 'react-i18next';
import type { RuleConfig } from '@wardwatch/contracts/site-config';
import { RULE_TYPES } from '../api/types.js';
import { Field } from '../components/field.js';
import { defaultClasses, newRule, type RuleType } from './zone-draft.js';

interface ZoneRulesProps {
  zoneLabel: string;
  rules: readonly RuleConfig[];
  onChange: (rules: RuleConfig[]) => void;
}

const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
const shown = (n: number) => (Number.isNaN(n) ? '' : String(n));

/**
 * A zone's rules: which violation, how long it must last (grace time) and which object classes
 * count. Classes are the rule's default ones as checkboxes, plus any others the config names.
 */
export function ZoneRules({ zoneLabel, rules, onChange }: ZoneRulesProps) {
  const { t } = useTranslation();
  const replace = (index: number, rule: RuleConfig) => onChange(rules.map((r, i) => (i === index ? rule : r)));
  const unused = RULE_TYPES.find((type) => !rules.some((r) => r.type === type)) ?? 'illegal_parking';

  return (
    <fieldset className="fieldset zone-rules">
      <legend className="field__label">{t('zones.rules')}</legend>
      {rules.length === 0 ? <p className="muted small">{t('zones.noRules')}</p> : null}
      {rules.map((rule, index) => {
        const ruleName = t(`rules.${rule.type}`);
        const offered = [...new Set([...defaultClasses(rule.type), ...rule.classes])];
        return (
          <div key={index} className="zone-rule" role="group" aria-label={t('zones.ruleGroup', { n: index + 1, rule: ruleName, zone: zoneLabel })}>
            <div className="form-grid">
              <Field label={t('zones.ruleType')}>
                {(id) => (
                  <select id={id} className="input" value={rule.type} onChange={(e) => replace(index, newRule(e.target.value as RuleType))}>
                    {RULE_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {t(`rules.${type}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('zones.graceSeconds')}>
                {(id) => (
                  <input id={id} className="input" type="number" min={1} step={1} value={shown(rule.graceSeconds)} onChange={(e) => replace(index, { ...rule, graceSeconds: numberOf(e.target.value) })} />
                )}
              </Field>
            </div>
            <fieldset className="zone-rule__classes">
              <legend className="small">{t('zones.classes')}</legend>
              {offered.map((name) => (
                <label key={name} className="check check--inline">
                  <input
                    type="checkbox"
                    checked={rule.classes.includes(name)}
                    onChange={(e) => replace(index, { ...rule, classes: e.target.checked ? [...rule.classes, name] : rule.classes.filter((c) => c !== name) })}
                  />
                  <span>{t(`classes.${name}`, { defaultValue: name })}</span>
                </label>
              ))}
            </fieldset>
            <button type="button" className="button button--small button--ghost" onClick={() => onChange(rules.filter((_r, i) => i !== index))}>
              {t('zones.removeRule', { rule: ruleName })}
            </button>
          </div>
        );
      })}
      <button type="button" className="button button--small" onClick={() => onChange([...rules, newRule(unused)])}>
        {t('zones.addRule')}
      </button>
    </fieldset>
  );
}
