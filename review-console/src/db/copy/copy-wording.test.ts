import { describe, expect, it } from 'vitest';
import { counted, mismatchAdvice, type TableOutcome } from './copy-wording.js';

const table = (name: string, sqlite: number, postgres: number, matches = sqlite === postgres): TableOutcome => ({ table: name, source: { rows: sqlite }, target: { rows: postgres }, matches });
const schema = { database: 'wardwatch', schema: 'move_2026' };

describe('how migrate words counts and a failed verification', () => {
  it.each([
    [0, 'new row', '0 new rows'],
    [1, 'new row', '1 new row'],
    [2, 'row', '2 rows'],
    [1, 'table', '1 table'],
  ])('%i %s reads "%s"', (n, noun, text) => {
    expect(counted(n, noun)).toBe(text);
  });

  it('when PostgreSQL has rows SQLite lacks, a console wrote there: it never advises emptying or dropping the target', () => {
    const advice = mismatchAdvice([table('audit_log', 23, 31), table('violations', 10, 10, false), table('users', 6, 6)], schema);
    expect(advice).toMatch(/^PostgreSQL has rows the SQLite console lacks \(audit_log\): a console wrote to the target during or after the copy\. Do not empty the target/);
    expect(advice).toContain('keep running it with DATABASE_URL; the other differences (violations)');
    expect(advice).not.toMatch(/DROP|dropdb|run migrate again/i);
  });

  it('when SQLite has more or other rows, it says to stop the SQLite console and how to start over, since a rerun cannot repair it', () => {
    const advice = mismatchAdvice([table('violations', 52, 51), table('users', 6, 6, false), table('wards', 4, 4)], schema);
    expect(advice).toContain('(SQLite has rows PostgreSQL lacks in violations; rows differ in users): was it still running? Stop the SQLite console.');
    expect(advice).toContain('it copies only rows after the last one copied');
    expect(advice).toContain('drop and recreate the target schema (psql: DROP SCHEMA "move_2026" CASCADE; CREATE SCHEMA "move_2026";), then run migrate again');
    expect(advice).toContain('safe only because no console has run on the PostgreSQL target');
    expect(advice).not.toContain('wards');
  });

  it('a copy into the public schema starts over with dropdb and createdb, the name quoted for the shell when it needs to be', () => {
    expect(mismatchAdvice([table('violations', 2, 1)], { database: 'wardwatch', schema: 'public' })).toContain('(dropdb wardwatch; createdb wardwatch, with the URL\'s host and user)');
    expect(mismatchAdvice([table('violations', 2, 1)], { database: "site's db", schema: 'public' })).toContain("dropdb 'site'\\''s db'");
  });
});
