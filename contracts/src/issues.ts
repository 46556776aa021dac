import type { z } from 'zod';

/** `cameras[1].zones[0].polygon` from zod's `['cameras', 1, 'zones', 0, 'polygon']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** One line per problem, each naming the field, in the order zod found them. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = [...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatPath([...path, key])}: unknown key`).join('\n');
    }
    return `${formatPath(path)}: ${issue.message}`;
  }).flatMap((line) => line.split('\n'));
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export function parseWith<T>(schema: z.ZodType<T>, input: unknown): ParseResult<T> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: formatIssues(result.error) };
}
