import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViolationSummary } from '../api/types.js';
import { ruleInWords } from '../format/case-words.js';
import { durationWords, secondsBetween } from '../format/duration-words.js';
import { formatHanoiTime } from '../format/time-format.js';
import { Link } from '../router/link.js';
import type { CaseGroup } from './case-groups.js';

export type BulkMode = 'duplicates' | 'all';

interface RowProps {
  item: ViolationSummary;
  href: string;
  /** The ward's name; undefined hides the column (an officer of one ward). */
  wardName: string | undefined;
  /** "Now" for the waiting time, fixed per load so rows need not re-render as pages arrive. */
  now: string;
  /** A repeat shown under its group's first case. */
  repeat?: boolean;
  /** The group this row heads, when it has repeats. */
  group?: CaseGroup | undefined;
  expanded?: boolean;
  onToggle?: (id: string) => void;
  /** Supervisors only: dismiss the repeats as duplicates, or the whole group as not a violation. */
  onBulk?: ((group: CaseGroup, mode: BulkMode) => void) | undefined;
}

/** One waiting case: the object's close-up, when, what, where and how long it has waited. */
function Row({ item, href, wardName, now, repeat = false, group, expanded = false, onToggle, onBulk }: RowProps) {
  const { t } = useTranslation();
  const count = group?.repeats.length ?? 0;
  return (
    <tr data-case-id={item.id} className={`table__row--link${repeat ? ' table__row--repeat' : ''}`}>
      <td className="thumb-cell">
        <img className="thumb" src={`/api/violations/${encodeURIComponent(item.id)}/crop`} alt="" width={80} height={60} loading="lazy" decoding="async" />
      </td>
      <td className="nowrap">
        <Link to={href} aria-label={t('queue.open', { id: item.id.slice(0, 8) })} className="table__link">
          {formatHanoiTime(item.triggeredAt)}
        </Link>
      </td>
      <td>
        <span className={`rule-dot rule-dot--${item.ruleType}`} aria-hidden="true" />
        {ruleInWords(t, item)}
      </td>
      <td>
        {item.cameraName}
        <span className="table__sub">{item.zoneName ?? item.zoneId}</span>
      </td>
      {wardName === undefined ? null : <td>{wardName}</td>}
      <td className="nowrap">{durationWords(t, secondsBetween(item.receivedAt, now))}</td>
      <td className="queue__group-cell">
        {group && count > 0 ? (
          <div className="queue__group">
            <button type="button" className="button button--small button--ghost" aria-expanded={expanded} onClick={() => onToggle?.(item.id)} data-testid="group-toggle">
              {t('queue.group.repeats', { count })}
            </button>
            {onBulk ? (
              <>
                <button type="button" className="button button--small" onClick={() => onBulk(group, 'duplicates')}>
                  {t('queue.group.dismissDuplicates', { count })}
                </button>
                <button type="button" className="button button--small button--ghost" onClick={() => onBulk(group, 'all')}>
                  {t('queue.group.dismissAll', { count: count + 1 })}
                </button>
              </>
            ) : null}
          </div>
        ) : null}
      </td>
    </tr>
  );
}

/**
 * Rows re-render only when what they show changes: a new page of a long queue then renders its
 * own rows, not the hundreds above it. A group is compared by its size, since grouping makes new
 * group objects for every page.
 */
export const QueueRow = memo(Row, (a, b) =>
  a.item === b.item && a.href === b.href && a.wardName === b.wardName && a.now === b.now && a.repeat === b.repeat && a.expanded === b.expanded &&
  (a.group?.repeats.length ?? 0) === (b.group?.repeats.length ?? 0) && a.onToggle === b.onToggle && a.onBulk === b.onBulk);
