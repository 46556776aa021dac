import type { RuleType } from '../api/types.js';

export type Decision = 'confirmed' | 'dismissed';

/*
 * Reason codes offered per rule and decision. The code is what the console stores (records read
 * the same whatever language the officer used); `reasons.<code>` gives the words.
 */
const CONFIRM: Record<RuleType, readonly string[]> = {
  illegal_parking: ['clear_violation', 'overstayed', 'blocking_way', 'repeat_offender'],
  sidewalk_encroachment: ['clear_violation', 'vending', 'blocking_way', 'repeat_offender'],
  littering: ['clear_violation', 'dumped_waste', 'repeat_offender'],
};

const DISMISS: Record<RuleType, readonly string[]> = {
  illegal_parking: ['false_detection', 'brief_stop', 'permitted', 'outside_zone', 'unclear_footage'],
  sidewalk_encroachment: ['false_detection', 'brief_stop', 'permitted', 'outside_zone', 'unclear_footage'],
  littering: ['false_detection', 'owner_returned', 'outside_zone', 'unclear_footage'],
};

export function reasonsFor(decision: Decision, rule: RuleType): readonly string[] {
  return decision === 'confirmed' ? CONFIRM[rule] : DISMISS[rule];
}
