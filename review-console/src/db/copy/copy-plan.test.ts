import { describe, expect, it } from 'vitest';
import { unstorable } from './copy-plan.js';

describe('which SQLite values PostgreSQL columns refuse', () => {
  it.each([
    ['text', 'Phường Hoàn Kiếm', null],
    ['text', null, null],
    ['text', 42, 'a number, not text'],
    ['text', 'a\u0000b', 'text with a NUL character'],
    ['integer', 1_000, null],
    ['integer', 2_147_483_648, '2147483648, not a 32-bit integer'],
    ['integer', 1.5, '1.5, not a 32-bit integer'],
    ['integer', '12', 'text of 2 characters, not a 32-bit integer'],
    ['double precision', 4.75, null],
    ['double precision', Infinity, 'Infinity, not a finite number'],
    ['double precision', 'fast', 'text of 4 characters, not a finite number'],
    ['bytea', Buffer.from([0, 255]), null],
    ['bytea', 'ffd8', 'text of 4 characters, not bytes'],
    ['boolean', 1, 'a value for a column of type boolean, which migrate does not know how to copy'],
  ])('a %s column given %j: %j', (type, value, why) => {
    expect(unstorable(value, type)).toBe(why);
  });
});
