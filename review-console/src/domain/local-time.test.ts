import { describe, expect, it } from 'vitest';
import { localDay, localDaysBetween, LOCAL_UTC_OFFSET_HOURS } from './local-time.js';

describe('local days in Asia/Ho_Chi_Minh', () => {
  it.each([
    ['2025-05-31T16:59:59.999Z', '2025-05-31'],
    ['2025-05-31T17:00:00.000Z', '2025-06-01'],
    ['2025-12-31T17:00:00.000Z', '2026-01-01'],
    ['2024-02-28T18:00:00.000Z', '2024-02-29'],
  ])('%s falls on local day %s', (iso, day) => {
    expect(localDay(Date.parse(iso))).toBe(day);
  });

  it('a period of local midnights lists exactly its days; the end is exclusive', () => {
    expect(localDaysBetween(Date.parse('2025-05-31T17:00:00Z'), Date.parse('2025-06-02T17:00:00Z'))).toEqual(['2025-06-01', '2025-06-02']);
    expect(localDaysBetween(Date.parse('2025-05-31T16:00:00Z'), Date.parse('2025-05-31T18:00:00Z'))).toEqual(['2025-05-31', '2025-06-01']);
    expect(localDaysBetween(Date.parse('2025-06-01T00:00:00Z'), Date.parse('2025-06-01T00:00:00Z'))).toEqual([]);
  });

  it('the offset is Vietnam standard time, which has no daylight saving', () => {
    expect(LOCAL_UTC_OFFSET_HOURS).toBe(7);
    for (const month of [0, 6]) {
      const at = new Date(Date.UTC(2025, month, 15, 12));
      const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', hourCycle: 'h23' }).format(at);
      expect(Number(hour)).toBe((12 + LOCAL_UTC_OFFSET_HOURS) % 24);
    }
  });
});
