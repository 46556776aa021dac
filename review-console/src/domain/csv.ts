import { LOCAL_UTC_OFFSET_MS } from './local-time.js';

/**
 * One CSV field. Quotes when needed, and defuses cells a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, CR at the start), since officers open exports in Excel.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** `HH:mm dd/MM/yyyy` in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving). */
export function hanoiTime(iso: string): string {
  const local = new Date(Date.parse(iso) + LOCAL_UTC_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(local.getUTCHours())}:${two(local.getUTCMinutes())} ${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}
