/*
 * What the dashboard and the retention notice say, written out for the test (not imported from
 * the UI's dictionaries), with the number and duration formats a reader of each language expects.
 */
export interface DashboardWords {
  lang: 'vi' | 'en';
  nav: string;
  title: string;
  period: string;
  last7: string;
  custom: string;
  from: string;
  to: string;
  ward: string;
  empty: RegExp;
  csv: string;
  /** The notice where the clip was, with the deletion date `dd/MM/yyyy`. */
  purged: (date: string) => RegExp;
  historyPurged: string;
  hours: string;
  minutes: string;
  seconds: string;
}

export const DASHBOARD_VI: DashboardWords = {
  lang: 'vi',
  nav: 'Thống kê',
  title: 'Thống kê vi phạm',
  period: 'Khoảng thời gian',
  last7: '7 ngày qua',
  custom: 'Tuỳ chọn ngày',
  from: 'Từ ngày',
  to: 'Đến ngày',
  ward: 'Phường',
  empty: /Không có vụ việc nào trong khoảng thời gian/,
  csv: 'Tải CSV',
  purged: (date) => new RegExp(`đã được xoá theo chính sách lưu trữ ngày ${date.replace(/\//g, '\\/')}`),
  historyPurged: 'Bằng chứng đã xoá',
  hours: 'giờ',
  minutes: 'phút',
  seconds: 'giây',
};

export const DASHBOARD_EN: DashboardWords = {
  lang: 'en',
  nav: 'Dashboard',
  title: 'Violation dashboard',
  period: 'Period',
  last7: 'Last 7 days',
  custom: 'Choose dates',
  from: 'From',
  to: 'To',
  ward: 'Ward',
  empty: /No case in this period/,
  csv: 'Download CSV',
  purged: (date) => new RegExp(`deleted under the retention policy on ${date.replace(/\//g, '\\/')}`),
  historyPurged: 'Evidence deleted',
  hours: 'h',
  minutes: 'min',
  seconds: 's',
};

/** Counts as written in the language: vi-VN groups thousands with dots, English with commas. */
export function countText(lang: 'vi' | 'en', n: number): string {
  const grouped = String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'vi' ? '.' : ',');
  return grouped;
}

/** A 0..1 rate as a percentage with at most one decimal: 0.6667 -> "66,7%" (vi) or "66.7%" (en). */
export function rateText(lang: 'vi' | 'en', rate: number | null): string {
  if (rate === null) return '—';
  const tenths = Math.round(rate * 1000);
  const text = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  return `${lang === 'vi' ? text.replace('.', ',') : text}%`;
}

/** A duration the way the console writes it: largest units first, seconds dropped once hours show. */
export function durationText(words: DashboardWords, totalSeconds: number | null): string {
  if (totalSeconds === null) return '—';
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (h > 0) parts.push(`${h} ${words.hours}`);
  if (m > 0) parts.push(`${m} ${words.minutes}`);
  if (h === 0 && (s % 60 > 0 || parts.length === 0)) parts.push(`${s % 60} ${words.seconds}`);
  return parts.join(' ');
}

/** `yyyy-MM-dd` of an instant in Hanoi (UTC+7, no daylight saving). */
export function hanoiDayOf(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}
