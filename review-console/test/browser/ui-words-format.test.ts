/*
 * The words and times the officer reads, checked without a browser: the pure formatting the
 * screens use, with the UI's real dictionaries in a real i18next.
 */
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RuleType } from '@wardwatch/contracts';

/*
 * The web UI is its own TypeScript project (DOM, bundler resolution), outside this package's
 * composite build, so its modules are loaded by URL and described here by the little this test uses.
 */
type Stay = { startedAt: string; triggeredAt: string; endedAt: string | null };
type Filter = { ward: string; camera: string; rule: string; from: string; to: string };
const webModule = async <T>(path: string): Promise<T> => (await import(new URL(`../../web/src/${path}`, import.meta.url).href)) as T;
const { durationWords } = await webModule<{ durationWords: (t: TFunction, seconds: number) => string }>('format/duration-words.ts');
const { ruleInWords } = await webModule<{ ruleInWords: (t: TFunction, item: Stay & { ruleType: RuleType }) => string }>('format/case-words.ts');
const { formatHanoiTime, hanoiDayEnd, hanoiDayStart } = await webModule<{
  formatHanoiTime: (iso: string) => string;
  hanoiDayStart: (day: string) => string | null;
  hanoiDayEnd: (day: string) => string | null;
}>('format/time-format.ts');
const { apiFilterOf } = await webModule<{ apiFilterOf: (filter: Filter) => Record<string, string> }>('components/case-filter.ts');
type Period = { choice: string; fromDay: string; toDay: string; from: string; to: string };
const { periodOf } = await webModule<{ periodOf: (query: URLSearchParams, now: Date) => Period }>('components/dashboard-period.ts');
const { formatCount, formatRate } = await webModule<{ formatCount: (lang: string, n: number) => string; formatRate: (lang: string, r: number | null) => string }>('format/number-format.ts');
const { vi } = await webModule<{ vi: object }>('i18n/vi.ts');
const { en } = await webModule<{ en: object }>('i18n/en.ts');

let tVi: TFunction;
let tEn: TFunction;

beforeAll(async () => {
  const make = async (lng: 'vi' | 'en') => {
    const instance = i18next.createInstance();
    await instance.init({ resources: { vi: { translation: vi }, en: { translation: en } }, lng, fallbackLng: 'vi', interpolation: { escapeValue: false } });
    return instance.t.bind(instance) as TFunction;
  };
  tVi = await make('vi');
  tEn = await make('en');
});

const stay = (seconds: number) => ({ startedAt: '2025-06-01T03:00:00.000Z', triggeredAt: new Date(Date.parse('2025-06-01T03:00:00.000Z') + seconds * 1000).toISOString(), endedAt: null });

describe('counts in words', () => {
  it('says one case, not one cases, above the history', () => {
    expect(tEn('history.shown', { count: 1 })).toBe('Showing 1 case');
    expect(tEn('history.shown', { count: 2 })).toBe('Showing 2 cases');
    expect(tVi('history.shown', { count: 1 })).toBe('Đang hiện 1 vụ việc');
  });
});

describe('rule and stay in words', () => {
  it('says the issue\'s example sentence for a 7 min 12 s stay', () => {
    expect(ruleInWords(tVi, { ruleType: 'illegal_parking', ...stay(432) })).toBe('Đỗ xe trái phép — 7 phút 12 giây trong vùng cấm');
    expect(ruleInWords(tEn, { ruleType: 'illegal_parking', ...stay(432) })).toBe('Illegal parking — 7 min 12 s in the no-parking zone');
  });

  it('measures to the end of the stay when the case has one', () => {
    const item = { ruleType: 'sidewalk_encroachment' as const, startedAt: '2025-06-01T03:00:00.000Z', triggeredAt: '2025-06-01T03:02:00.000Z', endedAt: '2025-06-01T04:05:09.000Z' };
    expect(ruleInWords(tVi, item)).toBe('Lấn chiếm vỉa hè — 1 giờ 5 phút trên vỉa hè');
  });

  it.each([
    [0, '0 giây'],
    [59.6, '1 phút'],
    [60, '1 phút'],
    [61, '1 phút 1 giây'],
    [3_600, '1 giờ'],
    [3_661, '1 giờ 1 phút'],
    [-5, '0 giây'],
  ])('%s s reads "%s"', (seconds, words) => {
    expect(durationWords(tVi, seconds)).toBe(words);
  });
});

describe('Hanoi time', () => {
  it('shows HH:mm dd/MM/yyyy at UTC+7 across the day boundary', () => {
    expect(formatHanoiTime('2025-12-31T17:05:00.000Z')).toBe('00:05 01/01/2026');
    expect(formatHanoiTime('2025-06-01T03:04:05.000Z')).toBe('10:04 01/06/2025');
  });

  it('turns a picked day into the UTC range the API filters by', () => {
    expect(hanoiDayStart('2025-06-01')).toBe('2025-05-31T17:00:00.000Z');
    expect(hanoiDayEnd('2025-06-01')).toBe('2025-06-01T17:00:00.000Z');
    expect(hanoiDayStart('01/06/2025')).toBeNull();
  });

  it('drops hand-edited filter values the API would refuse', () => {
    expect(apiFilterOf({ ward: 'hoan-kiem', camera: '../etc', rule: 'jaywalking', from: '2025-06-01', to: 'yesterday' })).toEqual({ ward: 'hoan-kiem', from: '2025-05-31T17:00:00.000Z' });
  });
});

describe('dashboard period and figures', () => {
  // 2025-06-01T18:30Z is already 01:30 on 2 June in Hanoi.
  const now = new Date('2025-06-01T18:30:00.000Z');

  it('"last 7 days" ends with today in Hanoi, not in UTC, and includes it', () => {
    expect(periodOf(new URLSearchParams('period=7'), now)).toEqual({
      choice: '7', fromDay: '2025-05-27', toDay: '2025-06-02', from: '2025-05-26T17:00:00.000Z', to: '2025-06-02T17:00:00.000Z',
    });
    expect(periodOf(new URLSearchParams(''), now)).toMatchObject({ choice: '30', fromDay: '2025-05-04', toDay: '2025-06-02' });
  });

  it('takes chosen days as they are, and falls back to the default for a reversed or malformed choice', () => {
    expect(periodOf(new URLSearchParams('period=custom&from=2025-01-01&to=2025-01-31'), now)).toMatchObject({ choice: 'custom', from: '2024-12-31T17:00:00.000Z', to: '2025-01-31T17:00:00.000Z' });
    expect(periodOf(new URLSearchParams('period=custom&from=2025-02-01&to=2025-01-31'), now).choice).toBe('30');
    expect(periodOf(new URLSearchParams('period=custom&from=2025-13-01&to=2025-12-31'), now).choice).toBe('30');
    expect(periodOf(new URLSearchParams('period=365'), now).choice).toBe('30');
  });

  it('writes counts and rates the Vietnamese way in Vietnamese and the English way in English', () => {
    expect(formatCount('vi', 12_345)).toBe('12.345');
    expect(formatCount('en', 12_345)).toBe('12,345');
    expect(formatRate('vi', 0.6667)).toBe('66,7%');
    expect(formatRate('en', 0.6667)).toBe('66.7%');
    expect(formatRate('vi', 1)).toBe('100%');
    expect(formatRate('vi', null)).toBe('—');
  });
});
