import { describe, expect, it } from 'vitest';
import type { ScheduleConfig } from '../config/agent-config.schema.js';
import { assertTimezone, isScheduleActive, localTime, ScheduleGate } from './schedule.js';

const hcm = 'Asia/Ho_Chi_Minh';
// 2026-11-27 is a Friday.
const at = (local: string): number => Date.parse(`${local}+07:00`);
const schedule = (s: Partial<ScheduleConfig>): ScheduleConfig => ({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '23:59', ...s });

describe('schedules (Asia/Ho_Chi_Minh, no DST)', () => {
  it('reads local weekday and time with Intl', () => {
    expect(localTime(Date.parse('2026-11-27T16:59:30Z'), hcm)).toEqual({ weekday: 4, minuteOfDay: 23 * 60 + 59.5 });
    expect(localTime(Date.parse('2026-11-27T17:00:00Z'), hcm)).toEqual({ weekday: 5, minuteOfDay: 0 });
  });

  const cases: [string, Partial<ScheduleConfig>, string, boolean][] = [
    ['a morning ban, just before its start', { start: '07:00', end: '09:00' }, '2026-11-27T06:59:59', false],
    ['a morning ban, at its start', { start: '07:00', end: '09:00' }, '2026-11-27T07:00:00', true],
    ['a morning ban, its last second', { start: '07:00', end: '09:00' }, '2026-11-27T08:59:59', true],
    ['a morning ban, at its end', { start: '07:00', end: '09:00' }, '2026-11-27T09:00:00', false],
    ['weekdays only, on Saturday', { days: ['mon', 'tue', 'wed', 'thu', 'fri'] }, '2026-11-28T12:00:00', false],
    ['weekdays only, on Friday', { days: ['mon', 'tue', 'wed', 'thu', 'fri'] }, '2026-11-27T12:00:00', true],
    ['the default all-day schedule, one second before midnight', {}, '2026-11-27T23:59:59', true],
    ['the default all-day schedule, at midnight', {}, '2026-11-28T00:00:00', true],
    ['a night range (Friday), before it', { days: ['fri'], start: '22:00', end: '06:00' }, '2026-11-27T21:59:59', false],
    ['a night range (Friday), at 22:00', { days: ['fri'], start: '22:00', end: '06:00' }, '2026-11-27T22:00:00', true],
    ['a night range (Friday), across midnight into Saturday', { days: ['fri'], start: '22:00', end: '06:00' }, '2026-11-28T00:00:01', true],
    ['a night range (Friday), Saturday 05:59', { days: ['fri'], start: '22:00', end: '06:00' }, '2026-11-28T05:59:59', true],
    ['a night range (Friday), Saturday 06:00', { days: ['fri'], start: '22:00', end: '06:00' }, '2026-11-28T06:00:00', false],
    ['a night range (Friday), Friday early morning belongs to Thursday', { days: ['fri'], start: '22:00', end: '06:00' }, '2026-11-27T03:00:00', false],
    ['a night range (Thursday), Friday early morning', { days: ['thu'], start: '22:00', end: '06:00' }, '2026-11-27T03:00:00', true],
    ['a night range (Sunday), Monday early morning wraps the week', { days: ['sun'], start: '22:00', end: '06:00' }, '2026-11-30T01:00:00', true],
  ];

  it.each(cases)('%s', (_name, s, local, active) => {
    expect(isScheduleActive(schedule(s), localTime(at(local), hcm))).toBe(active);
  });

  it('honours a zone time zone other than the default', () => {
    // 06:30 in Bangkok (UTC+7) is 08:30 in Tokyo (UTC+9).
    const s = schedule({ start: '08:00', end: '09:00' });
    expect(isScheduleActive(s, localTime(at('2026-11-27T06:30:00'), 'Asia/Bangkok'))).toBe(false);
    expect(isScheduleActive(s, localTime(at('2026-11-27T06:30:00'), 'Asia/Tokyo'))).toBe(true);
  });

  it('rejects an unknown time zone with a clear message', () => {
    expect(() => assertTimezone('Asia/Hanoi_Typo')).toThrow(/unknown time zone "Asia\/Hanoi_Typo"/);
  });

  it('remembers since when (frame clock) a schedule has been on, with a file start offset', () => {
    // A file whose first frame is 06:59:00 local: the 07:00 ban starts 60 s into it.
    const gate = new ScheduleGate(schedule({ start: '07:00', end: '07:02' }), hcm);
    const offset = at('2026-11-27T06:59:00');
    const seen = [0, 59_800, 60_000, 90_000, 179_800, 180_000].map((ms) => gate.update(ms, ms + offset));
    expect(seen).toEqual([undefined, undefined, 60_000, 60_000, 60_000, undefined]);
  });
});
