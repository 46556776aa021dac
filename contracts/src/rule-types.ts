/**
 * The kinds of violation WardWatch detects, in the order every list shows them. Kept apart from the
 * schemas (no zod) so that the web UI can import the list without them.
 */
export const ruleTypes = ['illegal_parking', 'sidewalk_encroachment', 'littering'] as const;
