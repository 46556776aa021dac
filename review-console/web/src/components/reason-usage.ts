import type { RuleType } from '../api/types.js';
import type { Decision } from './decision-reasons.js';

/** Counts per reason, per decision and rule, kept in this browser: what the officer picks most. */
const KEY = 'wardwatch.reasonUsage.v1';

type Usage = Record<string, Record<string, number>>;

function read(): Usage {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '{}');
    return parsed !== null && typeof parsed === 'object' ? (parsed as Usage) : {};
  } catch {
    return {};
  }
}

/**
 * The reason to preselect: the one this officer picked most for this decision and rule, else the
 * first offered (the common case, listed first). Two keys per case: the decision, then Enter.
 */
export function preferredReason(decision: Decision, rule: RuleType, offered: readonly string[]): string {
  const counts = read()[`${decision}:${rule}`] ?? {};
  let best = offered[0] ?? '';
  for (const code of offered) if ((counts[code] ?? 0) > (counts[best] ?? 0)) best = code;
  return best;
}

/** Counts a saved decision's reason (storage full or off: the preselection simply stays the first). */
export function countReason(decision: Decision, rule: RuleType, reason: string): void {
  try {
    const usage = read();
    const key = `${decision}:${rule}`;
    const counts = (usage[key] ??= {});
    counts[reason] = (counts[reason] ?? 0) + 1;
    window.localStorage.setItem(KEY, JSON.stringify(usage));
  } catch {
    // Nothing to keep the count in: no harm.
  }
}
