import type { SummaryGroupBy, SummaryRow } from '../api/api-types.js';
import { csvLine } from './csv.js';

const DIMENSION_COLUMNS: Record<SummaryGroupBy, [header: string, value: (row: SummaryRow) => string | number | null][]> = {
  ward: [['ward', (r) => r.ward], ['ward_name', (r) => r.wardName]],
  rule: [['rule', (r) => r.ruleType]],
  camera: [['ward', (r) => r.ward], ['ward_name', (r) => r.wardName], ['camera_id', (r) => r.cameraId], ['camera_name', (r) => r.cameraName]],
  day: [['day_local', (r) => r.day]],
  hour: [['weekday_iso', (r) => r.weekday], ['hour_local', (r) => r.hour]],
};

const FIGURE_COLUMNS: [header: string, value: (row: SummaryRow) => string | number | null][] = [
  ['total', (r) => r.total],
  ['pending', (r) => r.pending],
  ['confirmed', (r) => r.confirmed],
  ['dismissed', (r) => r.dismissed],
  ['confirmation_rate', (r) => r.confirmationRate],
  ['median_decision_seconds', (r) => r.medianDecisionSeconds],
  ['backlog_now', (r) => r.backlog],
];

/** One dashboard table as CSV (UTF-8 with a byte order mark, so Excel reads Vietnamese names). */
export function figuresCsv(groupBy: SummaryGroupBy, rows: readonly SummaryRow[]): string {
  const columns = [...DIMENSION_COLUMNS[groupBy], ...FIGURE_COLUMNS];
  let body = `\uFEFF${csvLine(columns.map(([header]) => header))}`;
  for (const row of rows) body += csvLine(columns.map(([, value]) => value(row)));
  return body;
}
