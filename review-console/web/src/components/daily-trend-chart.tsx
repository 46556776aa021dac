import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SummaryRow } from '../api/types.js';
import { formatCount } from '../format/number-format.js';

/* Series colours match the status badges: confirmed red, false alarm slate, waiting amber. */
const SERIES = [
  { key: 'confirmed', colour: '#b3261e' },
  { key: 'dismissed', colour: '#7b8794' },
  { key: 'pending', colour: '#d69e2e' },
] as const;

/** `yyyy-MM-dd` as `dd/MM`, the way the ward writes dates. */
function shortDay(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}`;
}

function longDay(day: string): string {
  return `${shortDay(day)}/${day.slice(0, 4)}`;
}

/** Cases per local day of the period, stacked by outcome, so a falling trend and the backlog show together. */
export function DailyTrendChart({ days, label }: { days: readonly SummaryRow[]; label: string }) {
  const { t, i18n } = useTranslation();
  const data = days.map((d) => ({ day: d.day ?? '', confirmed: d.confirmed, dismissed: d.dismissed, pending: d.pending }));
  const count = (value: unknown) => formatCount(i18n.language, Number(value));
  return (
    <div className="chart" role="img" aria-label={label} data-days={data.length}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -12 }} barCategoryGap={data.length > 45 ? 1 : '20%'}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e1e6eb" />
          <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={16} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tickFormatter={count} tick={{ fontSize: 12 }} width={48} />
          <Tooltip labelFormatter={(day) => (typeof day === 'string' ? longDay(day) : '')} formatter={(value) => count(value)} isAnimationActive={false} />
          {/* Series order (not alphabetical), and the words in text colour: amber text is hard to read. */}
          <Legend itemSorter={null} wrapperStyle={{ fontSize: 13 }} formatter={(value: string) => <span className="chart__legend-text">{value}</span>} />
          {SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={t(`dashboard.series.${s.key}`)} stackId="outcome" fill={s.colour} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
