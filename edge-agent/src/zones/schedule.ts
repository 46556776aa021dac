import type { ScheduleConfig, Weekday } from '../config/agent-config.schema.js';

/*
 * Zone schedules in the zone's local time, with Intl only (no tz database of our own). Ranges
 * are [start, end): a ban "07:00-09:00" is over at 09:00. HH:mm cannot say 24:00, so an end of
 * 23:59 means the end of the day. A range that crosses midnight ("22:00"-"06:00") belongs to the
 * day it starts on: with days [fri] it runs from Friday 22:00 to Saturday 06:00.
 */

export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';

const weekdayIndex: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const weekdayNames: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface LocalTime {
  /** Monday = 0 ... Sunday = 6. */
  weekday: number;
  /** Minutes since local midnight, with fractions for seconds. */
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError naming the zone for an unknown time zone, so config errors surface early. */
export function assertTimezone(timezone: string): void {
  formatter(timezone);
}

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      throw new RangeError(`unknown time zone "${timezone}" (use an IANA name such as ${DEFAULT_TIMEZONE})`);
    }
    formatters.set(timezone, f);
  }
  return f;
}

export function localTime(wallMs: number, timezone: string): LocalTime {
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timezone).formatToParts(wallMs)) {
    if (part.type === 'weekday') weekday = weekdayIndex[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  // Every real zone offset is a whole number of minutes, so seconds come straight from UTC.
  const seconds = (((wallMs % 60_000) + 60_000) % 60_000) / 1000;
  return { weekday, minuteOfDay: hour * 60 + minute + seconds / 60 };
}

function parseClock(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

export function isScheduleActive(schedule: ScheduleConfig, local: LocalTime): boolean {
  const start = parseClock(schedule.start);
  const end = schedule.end === '23:59' ? 24 * 60 : parseClock(schedule.end);
  const onDay = (weekday: number): boolean => schedule.days.includes(weekdayNames[(weekday + 7) % 7] ?? 'mon');
  const m = local.minuteOfDay;
  if (start < end) return onDay(local.weekday) && m >= start && m < end;
  // start === end: a full 24 hours from start.
  return (onDay(local.weekday) && m >= start) || (onDay(local.weekday - 1) && m < end);
}

/**
 * Evaluates one schedule per frame and remembers since when it has been active (in the frame
 * clock), which is when a stay starts counting if the object was already there. Intl is only
 * asked once per local minute.
 */
export class ScheduleGate {
  private cachedMinute = Number.NaN;
  private cachedLocal: LocalTime = { weekday: 0, minuteOfDay: 0 };
  private activeSince: number | undefined;

  constructor(
    private readonly schedule: ScheduleConfig | undefined,
    private readonly timezone: string,
  ) {
    assertTimezone(timezone);
  }

  /** Returns since when (frame clock) the zone has been active, or undefined while it is off. */
  update(frameMs: number, wallMs: number): number | undefined {
    if (this.schedule === undefined) {
      this.activeSince ??= frameMs;
      return this.activeSince;
    }
    const minute = Math.floor(wallMs / 60_000);
    if (minute !== this.cachedMinute) {
      this.cachedMinute = minute;
      this.cachedLocal = localTime(minute * 60_000, this.timezone);
    }
    const seconds = (wallMs - minute * 60_000) / 1000;
    const local = { weekday: this.cachedLocal.weekday, minuteOfDay: Math.floor(this.cachedLocal.minuteOfDay) + seconds / 60 };
    if (isScheduleActive(this.schedule, local)) this.activeSince ??= frameMs;
    else this.activeSince = undefined;
    return this.activeSince;
  }
}
