/*
 * Days as Vietnamese write them, `dd/mm/yyyy`, whatever the browser's locale: a native date
 * input shows `mm/dd/yyyy` on an en-US machine, and 07/12 would be read the wrong way round.
 * Values inside the UI and in addresses stay `yyyy-MM-dd`.
 */

/** `yyyy-MM-dd` as `dd/mm/yyyy`; '' stays ''. */
export function dayToText(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : '';
}

/**
 * What an officer typed as a day: `7/12/2026`, `07/12/2026`, `07-12-2026`, `07.12.2026` or
 * `07122026` give `2026-12-07`; an empty field gives ''; anything else (31/02, a two-digit
 * year) gives null.
 */
export function textToDay(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const match = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$/.exec(trimmed) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(trimmed);
  if (!match) return null;
  const day = Number(match[1]);
  const month = Number(match[2]);
  const year = Number(match[3]);
  if (year < 2000 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
