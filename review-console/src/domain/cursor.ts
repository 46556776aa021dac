/** Keyset position in a list ordered by (time, id): opaque to clients, checked on the way in. */
export interface TimeIdCursor {
  t: string;
  id: string;
}

export function encodeCursor(cursor: TimeIdCursor): string {
  return Buffer.from(JSON.stringify([cursor.t, cursor.id]), 'utf8').toString('base64url');
}

/** null when the text is not a cursor this server produced. */
export function decodeCursor(text: string): TimeIdCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [t, id] = value as unknown[];
    if (typeof t !== 'string' || typeof id !== 'string' || t.length > 64 || id.length > 64) return null;
    if (Number.isNaN(Date.parse(t))) return null;
    return { t, id };
  } catch {
    // Not base64 JSON: a hand-made or truncated cursor is simply not a cursor.
    return null;
  }
}
