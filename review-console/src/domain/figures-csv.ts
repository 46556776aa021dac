import type { Language } from '@wardwatch/contracts';
import type { SummaryGroupBy, SummaryRow } from '../api/api-types.js';
import { csvLine } from './csv.js';
import { FIGURE_HEADERS, RULE_WORDS, WEEKDAY_WORDS, type FigureColumn } from './csv-words.js';

type Cell = (row: SummaryRow, lang: Language) => string | number | null;

const DIMENSION_COLUMNS: Record<SummaryGroupBy, [FigureColumn, Cell][]> = {
  ward: [['wardId', (r) => r.ward], ['ward', (r) => r.wardName]],
  rule: [['rule', (r, lang) => (r.ruleType ? RULE_WORDS[lang][r.ruleType] : null)], ['ruleCode', (r) => r.ruleType]],
  camera: [['wardId', (r) => r.ward], ['ward', (r) => r.wardName], ['cameraId', (r) => r.cameraId], ['camera', (r) => r.cameraName]],
  day: [['day', (r) => r.day]],
  hour: [['weekday', (r, lang) => (r.weekday ? (WEEKDAY_WORDS[lang][r.weekday - 1] ?? r.weekday) : null)], ['hour', (r) => r.hour]],
};

const FIGURE_COLUMNS: [FigureColumn, Cell][] = [
  ['total', (r) => r.total],
  ['pending', (r) => r.pending],
  ['confirmed', (r) => r.confirmed],
  ['dismissed', (r) => r.dismissed],
  ['rate', (r) => r.confirmationRate],
  ['median', (r) => r.medianDecisionSeconds],
  ['backlog', (r) => r.backlog],
];

/** One dashboard table as CSV in the reader's language (UTF-8 with a byte order mark, so Excel reads Vietnamese). */
export function figuresCsv(groupBy: SummaryGroupBy, rows: readonly SummaryRow[], lang: Language = 'vi'): string {
  const columns = [...DIMENSION_COLUMNS[groupBy], ...FIGURE_COLUMNS];
  let body = `\uFEFF${csvLine(columns.map(([column]) => FIGURE_HEADERS[lang][column]))}`;
  for (const row of rows) body += csvLine(columns.map(([, value]) => value(row, lang)));
  return body;
}
