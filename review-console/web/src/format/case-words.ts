import type { TFunction } from 'i18next';
import type { RuleType, ViolationSummary } from '../api/types.js';
import { durationWords, secondsBetween } from './duration-words.js';

export function ruleName(t: TFunction, rule: RuleType): string {
  return t(`rules.${rule}`);
}

/**
 * A case's outcome in words: pending, confirmed, false alarm, or a duplicate (dismissed because
 * another case stands for the same object; not a false alarm of the detector).
 */
export function outcomeWords(t: TFunction, status: ViolationSummary['status'], reason: string | null | undefined): string {
  return status === 'dismissed' && reason === 'duplicate' ? t('status.duplicate') : t(`status.${status}`);
}

/** How long the offence lasted: to its end when known, else to the moment the rule fired. */
export function stayDuration(item: Pick<ViolationSummary, 'startedAt' | 'triggeredAt' | 'endedAt'>): number {
  return secondsBetween(item.startedAt, item.endedAt ?? item.triggeredAt);
}

/** "Đỗ xe trái phép — 7 phút 12 giây trong vùng cấm". */
export function ruleInWords(t: TFunction, item: Pick<ViolationSummary, 'ruleType' | 'startedAt' | 'triggeredAt' | 'endedAt'>): string {
  return t(`ruleZone.${item.ruleType}`, { rule: ruleName(t, item.ruleType), duration: durationWords(t, stayDuration(item)) });
}

/** Detector class names (COCO, English) in the UI's language; unknown ones as they are. */
export function classNames(t: TFunction, classes: readonly string[]): string {
  return classes.map((c) => t(`classes.${c}`, { defaultValue: c })).join(', ');
}

/** Reasons are stored as stable codes so records read the same whatever language decided them. */
export function reasonText(t: TFunction, reason: string): string {
  return t(`reasons.${reason}`, { defaultValue: reason });
}
