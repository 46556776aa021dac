import { hanoiDay, hanoiDayEnd, hanoiDayStart } from '../format/time-format.js';

/** The dashboard's period choices; `custom` takes its days from the address. */
export const PERIOD_CHOICES = ['7', '30', '90', 'custom'] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];
const DEFAULT_CHOICE: PeriodChoice = '30';

export interface Period {
  choice: PeriodChoice;
  /** First and last Hanoi calendar day shown, inclusive (`yyyy-MM-dd`). */
  fromDay: string;
  toDay: string;
  /** The API's [from, to) as UTC instants: local midnight to the midnight after `toDay`. */
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function choiceOf(value: string | null): PeriodChoice {
  return (PERIOD_CHOICES as readonly string[]).includes(value ?? '') ? (value as PeriodChoice) : DEFAULT_CHOICE;
}

/**
 * The period in the address: "last N days" ends today (Hanoi) and includes it; a custom period
 * needs both days in order, otherwise it falls back to the default so the page always has figures.
 */
export function periodOf(query: URLSearchParams, now: Date): Period {
  const today = hanoiDay(now.toISOString());
  let choice = choiceOf(query.get('period'));
  let fromDay = '';
  let toDay = '';
  if (choice === 'custom') {
    fromDay = query.get('from') ?? '';
    toDay = query.get('to') ?? '';
    if (!DAY.test(fromDay) || !DAY.test(toDay) || fromDay > toDay || hanoiDayStart(fromDay) === null || hanoiDayStart(toDay) === null) choice = DEFAULT_CHOICE;
  }
  if (choice !== 'custom') {
    toDay = today;
    fromDay = addDays(today, 1 - Number(choice));
  }
  return { choice, fromDay, toDay, from: hanoiDayStart(fromDay) ?? '', to: hanoiDayEnd(toDay) ?? '' };
}
