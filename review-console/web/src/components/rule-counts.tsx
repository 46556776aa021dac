import { useTranslation } from 'react-i18next';
import { RULE_TYPES, type RuleType } from '../api/types.js';

interface RuleCountsProps {
  counts: Record<RuleType, number> | null;
  selected: string;
  onSelect: (rule: string) => void;
}

/** One chip per rule with its waiting count; a chip narrows the queue to that rule. */
export function RuleCounts({ counts, selected, onSelect }: RuleCountsProps) {
  const { t } = useTranslation();
  return (
    <ul className="rule-counts" aria-label={t('queue.countsLabel')}>
      {RULE_TYPES.map((rule) => (
        <li key={rule}>
          <button
            type="button"
            className={`rule-chip rule-chip--${rule}`}
            aria-pressed={selected === rule}
            onClick={() => onSelect(selected === rule ? '' : rule)}
            data-rule={rule}
          >
            <span className="rule-chip__name">{t(`rules.${rule}`)}</span>
            <span className="rule-chip__count" data-testid={`count-${rule}`}>
              {counts ? counts[rule] : '…'}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
