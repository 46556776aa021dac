/** An inclusive byte range within a file of `size` bytes. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a `Range` header for one range (what video players send). Returns `null` for "serve the
 * whole file" (no header, another unit, several ranges, or a malformed header, as RFC 9110 lets a
 * server ignore those), or `'unsatisfiable'` when the range lies outside the file.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
