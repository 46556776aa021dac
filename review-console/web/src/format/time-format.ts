/** Every time the console shows is in Hanoi time, whatever the browser's own zone. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const HANOI_OFFSET = '+07:00';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function partsOf(iso: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of parts.formatToParts(new Date(iso))) out[part.type] = part.value;
  return out;
}

/** `HH:mm dd/MM/yyyy` in Asia/Ho_Chi_Minh, the form officers write on paperwork. */
export function formatHanoiTime(iso: string): string {
  const p = partsOf(iso);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** `dd/MM/yyyy` in Asia/Ho_Chi_Minh. */
export function formatHanoiDate(iso: string): string {
  const p = partsOf(iso);
  return `${p.day}/${p.month}/${p.year}`;
}

/** The Hanoi calendar day (`yyyy-MM-dd`) of an instant, for date inputs. */
export function hanoiDay(iso: string): string {
  const p = partsOf(iso);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Start of a Hanoi calendar day (`yyyy-MM-dd`) as a UTC ISO instant; null if not a date. */
export function hanoiDayStart(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const instant = new Date(`${day}T00:00:00${HANOI_OFFSET}`);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

/** Start of the day after a Hanoi calendar day: the exclusive end of "up to and including". */
export function hanoiDayEnd(day: string): string | null {
  const start = hanoiDayStart(day);
  return start === null ? null : new Date(Date.parse(start) + 86_400_000).toISOString();
}
