import { useTranslation } from 'react-i18next';
import type { Figures } from '../api/types.js';
import { durationWords } from '../format/duration-words.js';
import { formatCount, formatRate } from '../format/number-format.js';

/** The period's headline figures, each with a line saying what it counts. */
export function KpiCards({ totals }: { totals: Figures }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const cards: { id: string; value: string; hint?: string; tone?: string }[] = [
    { id: 'total', value: formatCount(lang, totals.total) },
    { id: 'confirmed', value: formatCount(lang, totals.confirmed), tone: 'confirmed' },
    { id: 'dismissed', value: formatCount(lang, totals.dismissed), tone: 'dismissed' },
    { id: 'pending', value: formatCount(lang, totals.pending), tone: 'pending' },
    { id: 'rate', value: formatRate(lang, totals.confirmationRate), hint: t('dashboard.kpi.rateHint') },
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
          {card.hint ? <dd className="kpi__hint">{card.hint}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
