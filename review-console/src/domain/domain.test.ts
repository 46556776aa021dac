import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byte-range.js';
import { deriveCameraHealth } from './camera-health.js';
import { csvField, hanoiTime } from './csv.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { LoginThrottle } from './login-throttle.js';

describe('byte ranges, as video players send them', () => {
  it.each([
    [undefined, 1000, null],
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=900-', 1000, { start: 900, end: 999 }],
    ['bytes=-100', 1000, { start: 900, end: 999 }],
    ['bytes=-5000', 1000, { start: 0, end: 999 }],
    ['bytes=10-5000', 1000, { start: 10, end: 999 }],
    ['bytes=1000-', 1000, 'unsatisfiable'],
    ['bytes=-0', 1000, 'unsatisfiable'],
    ['bytes=50-10', 1000, null],
    ['bytes=0-1,5-9', 1000, null],
    ['items=0-1', 1000, null],
  ] as const)('%s of %i bytes -> %j', (header, size, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });
});

describe('camera health from heartbeats', () => {
  it('an agent quiet for more than three intervals makes its cameras down', () => {
    expect(deriveCameraHealth('up', 0, 10_000, 29_000)).toEqual({ status: 'up', stale: false });
    expect(deriveCameraHealth('up', 0, 10_000, 31_000)).toEqual({ status: 'down', stale: true });
    expect(deriveCameraHealth('up', 0, null, 80_000)).toEqual({ status: 'up', stale: false });
    expect(deriveCameraHealth('up', 0, 1_000, 10_000)).toEqual({ status: 'up', stale: false });
    expect(deriveCameraHealth('stopped', 0, 10_000, 100_000)).toEqual({ status: 'stopped', stale: true });
  });
});

describe('CSV export cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['-1+1', "'-1+1"],
    [null, ''],
    [42, '42'],
  ] as const)('%j -> %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
  it('shows times in Hanoi (UTC+7) as HH:mm dd/MM/yyyy', () => {
    expect(hanoiTime('2025-06-01T18:30:00.000Z')).toBe('01:30 02/06/2025');
  });
});

describe('list cursors', () => {
  it('round-trip, and anything else is not a cursor', () => {
    const cursor = { t: '2025-06-01T00:00:00.000Z', id: '0197...' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('garbage')).toBeNull();
    expect(decodeCursor(Buffer.from('["not a date","x"]').toString('base64url'))).toBeNull();
  });
});

describe('login throttle', () => {
  it('blocks a key after five failures for the rest of the window, and a success clears it', () => {
    const throttle = new LoginThrottle({ maxFailures: 5, windowMs: 60_000 });
    for (let i = 0; i < 5; i += 1) throttle.recordFailure('lan|1.2.3.4', 1_000);
    expect(throttle.retryAfterSeconds('lan|1.2.3.4', 2_000)).toBe(59);
    expect(throttle.retryAfterSeconds('lan|5.6.7.8', 2_000)).toBe(0);
    expect(throttle.retryAfterSeconds('lan|1.2.3.4', 61_000)).toBe(0);
    throttle.recordFailure('x', 0);
    throttle.recordSuccess('x');
    expect(throttle.retryAfterSeconds('x', 1)).toBe(0);
  });
});
