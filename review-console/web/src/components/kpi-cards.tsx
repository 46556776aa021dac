import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Figures } from '../api/types.js';
import { durationWords } from '../format/duration-words.js';
import { formatCount, formatRate } from '../format/number-format.js';

/** `kỳ trước: 12 (+3)`: the same figure for the period just before, and the change. */
function comparedWith(t: TFunction, lang: string, now: number, before: number): string {
  const change = now - before;
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  return t('dashboard.kpi.previous', { value: formatCount(lang, before), change: `${sign}${formatCount(lang, Math.abs(change))}` });
}

/** The period's headline figures, each with a line saying what it counts or how it compares with the period before. */
export function KpiCards({ totals, previous }: { totals: Figures; previous: Figures }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const cards: { id: string; value: string; hint?: string; tone?: string }[] = [
    { id: 'total', value: formatCount(lang, totals.total), hint: comparedWith(t, lang, totals.total, previous.total) },
    { id: 'confirmed', value: formatCount(lang, totals.confirmed), tone: 'confirmed', hint: comparedWith(t, lang, totals.confirmed, previous.confirmed) },
    { id: 'dismissed', value: formatCount(lang, totals.dismissed), tone: 'dismissed', hint: comparedWith(t, lang, totals.dismissed, previous.dismissed) },
    { id: 'pending', value: formatCount(lang, totals.pending), tone: 'pending' },
    {
      id: 'rate',
      value: formatRate(lang, totals.confirmationRate),
      hint: `${t('dashboard.kpi.rateHint')} · ${t('dashboard.kpi.previousRate', { value: formatRate(lang, previous.confirmationRate) })}`,
    },
    {
      id: 'median',
      value: totals.medianDecisionSeconds === null ? t('common.none') : durationWords(t, totals.medianDecisionSeconds),
      hint: t('dashboard.kpi.medianHint'),
    },
    { id: 'backlog', value: formatCount(lang, totals.backlog ?? 0), hint: t('dashboard.kpi.backlogHint'), tone: 'backlog' },
  ];
  return (
    <dl className="kpis">
      {cards.map((card) => (
        <div key={card.id} className={`kpi ${card.tone ? `kpi--${card.tone}` : ''}`}>
          <dt className="kpi__label">{t(`dashboard.kpi.${card.id}`)}</dt>
          <dd className={`kpi__value ${card.id === 'median' ? 'kpi__value--words' : ''}`} data-testid={`kpi-${card.id}`}>
            {card.value}
          </dd>
          {card.hint ? (
            <dd className="kpi__hint" data-testid={`kpi-${card.id}-hint`}>
              {card.hint}
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
