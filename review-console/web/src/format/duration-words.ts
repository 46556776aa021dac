import type { TFunction } from 'i18next';

/**
 * A span in words, largest units first, zero units left out: 432 s -> "7 phút 12 giây".
 * Hours drop the seconds: at that scale seconds are noise to the officer.
 */
export function durationWords(t: TFunction, totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const words: string[] = [];
  if (h > 0) words.push(t('duration.hours', { count: h }));
  if (m > 0) words.push(t('duration.minutes', { count: m }));
  if (h === 0 && (s > 0 || words.length === 0)) words.push(t('duration.seconds', { count: s }));
  return words.join(' ');
}

export function secondsBetween(fromIso: string, toIso: string): number {
  return Math.max(0, (Date.parse(toIso) - Date.parse(fromIso)) / 1000);
}
