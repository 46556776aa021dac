import { z } from 'zod';
import { ruleTypes } from './rule-types.js';

/** ISO 8601 with an explicit offset (`Z` or `+07:00`): evidence times must be unambiguous. */
export const isoDateTime = z.iso.datetime({ offset: true });

/** A lowercase slug id (cameras, zones, wards, agents): safe in paths, URLs, metric labels. */
export const slugId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1-64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit');

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');

/** A fraction of the frame's width or height. */
export const fraction = z.number().min(0).max(1);

/** UUIDv7 (RFC 9562): time-ordered, unique across agents without coordination. */
export const uuidV7 = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'must be a lowercase UUIDv7');

export { ruleTypes };
export const ruleType = z.enum(ruleTypes);
export type RuleType = z.infer<typeof ruleType>;
