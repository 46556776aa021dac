/*
 * Figures as people of the UI's language write them: vi-VN groups thousands with dots and writes
 * decimals with a comma (1.234 vụ, 66,7%); English uses en-GB (1,234, 66.7%).
 */
function localeOf(language: string): string {
  return language.startsWith('en') ? 'en-GB' : 'vi-VN';
}

const counts = new Map<string, Intl.NumberFormat>();
const rates = new Map<string, Intl.NumberFormat>();

function cached(map: Map<string, Intl.NumberFormat>, locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = map.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    map.set(locale, format);
  }
  return format;
}

export function formatCount(language: string, value: number): string {
  return cached(counts, localeOf(language), { maximumFractionDigits: 0 }).format(value);
}

/** A 0..1 rate as a percentage with at most one decimal; null (nothing decided) as a dash. */
export function formatRate(language: string, value: number | null): string {
  return value === null ? '—' : cached(rates, localeOf(language), { style: 'percent', maximumFractionDigits: 1 }).format(value);
}
