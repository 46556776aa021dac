import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryRow } from '../api/types.js';
import { durationWords } from '../format/duration-words.js';
import { formatCount, formatRate } from '../format/number-format.js';

/** Figure columns a table can show after its name column, in this order. */
export type FigureColumn = 'total' | 'confirmed' | 'dismissed' | 'pending' | 'rate' | 'median' | 'backlog';

interface FiguresTableProps {
  caption: string;
  /** Header of the first column (ward, rule, camera). */
  nameHeader: string;
  rows: readonly SummaryRow[];
  name: (row: SummaryRow) => ReactNode;
  columns: readonly FigureColumn[];
  /** A leading rank column (1, 2, ...), for hotspots. */
  ranked?: boolean;
}

/** A dashboard table: one row per ward, rule or camera with its figures for the period. */
export function FiguresTable({ caption, nameHeader, rows, name, columns, ranked = false }: FiguresTableProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const cell = (row: SummaryRow, column: FigureColumn): string => {
    switch (column) {
      case 'rate':
        return formatRate(lang, row.confirmationRate);
      case 'median':
        return row.medianDecisionSeconds === null ? t('common.none') : durationWords(t, row.medianDecisionSeconds);
      case 'backlog':
        return row.backlog === null ? t('common.none') : formatCount(lang, row.backlog);
      default:
        return formatCount(lang, row[column]);
    }
  };
  return (
    <div className="table-wrap">
      <table className="table table--figures">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {ranked ? (
              <th scope="col" className="num">
                {t('dashboard.columns.rank')}
              </th>
            ) : null}
            <th scope="col">{nameHeader}</th>
            {columns.map((column) => (
              <th key={column} scope="col" className="num">
                {t(`dashboard.columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={row.key} data-row-key={row.key} className={row.total === 0 ? 'table__row--quiet' : undefined}>
              {ranked ? <td className="num muted">{index + 1}</td> : null}
              <th scope="row">{name(row)}</th>
              {columns.map((column) => (
                <td key={column} className="num nowrap" data-col={column}>
                  {cell(row, column)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
