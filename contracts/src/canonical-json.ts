/**
 * JSON with object keys sorted at every level, so two equal values always give the same text (two
 * equal configs whatever order their YAML listed the keys in, a heartbeat as its two ends sign it).
 * Arrays keep their order: it is meaningful (polygon points, rule order).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) out[key] = sortKeys(item);
  }
  return out;
}
