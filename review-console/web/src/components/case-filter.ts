import type { CaseFilter } from '../api/console-api.js';
import { RULE_TYPES, type RuleType } from '../api/types.js';
import { hanoiDayEnd, hanoiDayStart } from '../format/time-format.js';

/** The filter as it sits in the address bar: plain strings, dates as Hanoi calendar days. */
export interface FilterQuery {
  ward: string;
  camera: string;
  rule: string;
  from: string;
  to: string;
}

export const FILTER_KEYS = ['ward', 'camera', 'rule', 'from', 'to'] as const;

export function filterQueryOf(query: URLSearchParams): FilterQuery {
  return {
    ward: query.get('ward') ?? '',
    camera: query.get('camera') ?? '',
    rule: query.get('rule') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
  };
}

function isRule(value: string): value is RuleType {
  return (RULE_TYPES as readonly string[]).includes(value);
}

/** The API's filter; anything malformed in a hand-edited address is ignored rather than sent. */
export function apiFilterOf(filter: FilterQuery): CaseFilter {
  const out: CaseFilter = {};
  if (/^[a-z0-9][a-z0-9._-]{0,63}$/.test(filter.ward)) out.ward = filter.ward;
  if (/^[a-z0-9][a-z0-9._-]{0,63}$/.test(filter.camera)) out.camera = filter.camera;
  if (isRule(filter.rule)) out.rule = filter.rule;
  const from = hanoiDayStart(filter.from);
  if (from) out.from = from;
  const to = hanoiDayEnd(filter.to);
  if (to) out.to = to;
  return out;
}

/** Only the filter keys of a query, to carry from the queue into a case and back. */
export function filterParams(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query.get(key);
    if (value) out.set(key, value);
  }
  return out;
}

export function filterKey(filter: FilterQuery): string {
  return FILTER_KEYS.map((k) => filter[k]).join('|');
}
