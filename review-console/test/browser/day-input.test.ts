import { describe, expect, it } from 'vitest';

/* The web UI is its own TypeScript project; its modules are loaded by URL (see reason-usage.test.ts). */
const { dayToText, textToDay } = (await import(new URL('../../web/src/format/day-input.js', import.meta.url).href)) as {
  dayToText: (day: string) => string;
  textToDay: (text: string) => string | null;
};

describe('days typed as dd/mm/yyyy', () => {
  it.each([
    ['07/12/2026', '2026-12-07'],
    ['7/12/2026', '2026-12-07'],
    ['07-12-2026', '2026-12-07'],
    ['07.12.2026', '2026-12-07'],
    [' 07122026 ', '2026-12-07'],
    ['29/02/2028', '2028-02-29'],
    ['', ''],
  ])('reads %j as %j', (text, day) => {
    expect(textToDay(text)).toBe(day);
  });

  it.each(['31/02/2026', '12/13/2026', '07/12/26', '2026-12-07', '0/1/2026', 'hôm nay'])('refuses %j', (text) => {
    expect(textToDay(text)).toBeNull();
  });

  it('writes a day day-first, and nothing for none', () => {
    expect(dayToText('2026-12-07')).toBe('07/12/2026');
    expect(dayToText('')).toBe('');
  });
});
