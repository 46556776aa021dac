/*
 * Officers read times as `HH:mm dd/MM/yyyy` in the ward's zone (Asia/Ho_Chi_Minh, UTC+7, no
 * daylight saving), and evidence times must carry an explicit offset to be unambiguous.
 */

function parts(ms: number, timeZone: string): Record<string, string> {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(ms))) out[part.type] = part.value;
  return out;
}

/** `14:05 09/03/2025` */
export function formatOfficerTime(ms: number, timeZone = 'Asia/Ho_Chi_Minh'): string {
  const p = parts(ms, timeZone);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** The zone's offset from UTC at that instant, in minutes (420 for Hanoi). */
export function utcOffsetMinutes(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** `2025-03-09T14:05:07.123+07:00`: local wall time with its offset, as the contract wants. */
export function isoWithOffset(ms: number, timeZone = 'Asia/Ho_Chi_Minh'): string {
  const offset = utcOffsetMinutes(ms, timeZone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, -1);
  if (offset === 0) return `${local}Z`;
  const sign = offset > 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
