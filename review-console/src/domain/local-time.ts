/*
 * The console's one time zone. Asia/Ho_Chi_Minh has been UTC+7 all year since 1975 with no
 * daylight saving, so a fixed +7 h shift is exact, and a whole number of hours: every UTC hour
 * lies in exactly one local hour, so figures counted per UTC hour in the database fold exactly into
 * local days and weekday x hour cells, with no time-zone database in PostgreSQL or SQLite.
 */
export const LOCAL_TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const LOCAL_UTC_OFFSET_HOURS = 7;
export const LOCAL_UTC_OFFSET_MS = LOCAL_UTC_OFFSET_HOURS * 3_600_000;

/** `YYYY-MM-DD` of the local calendar day an instant falls on. */
export function localDay(ms: number): string {
  return new Date(ms + LOCAL_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday ... 7 = Sunday) and hour of the local time an instant falls on. */
export function localWeekdayHour(ms: number): { weekday: number; hour: number } {
  const local = new Date(ms + LOCAL_UTC_OFFSET_MS);
  return { weekday: local.getUTCDay() === 0 ? 7 : local.getUTCDay(), hour: local.getUTCHours() };
}

/** Every local day touched by [fromMs, toMs), in order (empty when the range is empty). */
export function localDaysBetween(fromMs: number, toMs: number): string[] {
  if (toMs <= fromMs) return [];
  const days: string[] = [];
  const last = localDay(toMs - 1);
  for (let day = localDay(fromMs); day <= last; day = nextDay(day)) days.push(day);
  return days;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
}
