import { formatIssues } from '@wardwatch/contracts';
import type { z } from 'zod';
import { InvalidInput } from '../domain/errors.js';

/** Parses a body or query with a zod schema; every problem is listed in the error. */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const details = formatIssues(result.error);
    throw new InvalidInput(`the ${what} is not valid: ${details.join('; ')}`, details);
  }
  return result.data;
}
