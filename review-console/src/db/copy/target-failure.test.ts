import { describe, expect, it } from 'vitest';
import { failedDuringCopy, unreachable } from './target-failure.js';
import { parseTargetUrl } from './target-url.js';

const target = parseTargetUrl('postgres://ww:S3cret@db.local:5433/wardwatch')!;
const pgError = (message: string, code: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
const socketError = (message: string, code: string) => Object.assign(new Error(message), { code, syscall: 'connect' });

describe('PostgreSQL and socket failures as one line', () => {
  it.each([
    ['a missing database', pgError('database "wardwatch" does not exist', '3D000'), 'database "wardwatch" does not exist (SQLSTATE 3D000). Create the database first (createdb -h db.local -p 5433 -U ww wardwatch), or name an existing one.'],
    ['a refused login', pgError('password authentication failed for user "ww"', '28P01'), "password authentication failed for user \"ww\" (SQLSTATE 28P01). Check the URL's user and password, and that pg_hba.conf lets this host in."],
    ['nothing listening', socketError('connect ECONNREFUSED 10.0.0.9:5433', 'ECONNREFUSED'), 'connect ECONNREFUSED 10.0.0.9:5433. Is PostgreSQL running at db.local:5433, and does the database exist? (createdb -h db.local -p 5433 -U ww wardwatch creates it)'],
    ['nothing listening on either address of localhost', Object.assign(new AggregateError([socketError('connect ECONNREFUSED ::1:5433', 'ECONNREFUSED'), socketError('connect ECONNREFUSED 127.0.0.1:5433', 'ECONNREFUSED')], ''), { code: 'ECONNREFUSED' }), 'connect ECONNREFUSED ::1:5433; connect ECONNREFUSED 127.0.0.1:5433. Is PostgreSQL running'],
  ])('%s: the server\'s words and what to do, password masked', (_case, error, said) => {
    expect(unreachable(error, target).message).toContain(`cannot connect to PostgreSQL at postgres://ww:***@db.local:5433/wardwatch: ${said}`);
  });

  it("a database's failure partway is one line that says a rerun continues; anything else keeps its stack", () => {
    expect(failedDuringCopy(Object.assign(new Error('could not extend file: No space left on device'), { code: '53100', severity: 'ERROR' }))?.message).toBe(
      'PostgreSQL failed during the copy: could not extend file: No space left on device (SQLSTATE 53100). What was committed stays: fix that and run migrate again, and it continues after the last committed batch.',
    );
    expect(failedDuringCopy(socketError('read ECONNRESET', 'ECONNRESET'))?.message).toContain('PostgreSQL failed during the copy: read ECONNRESET.');
    expect(failedDuringCopy(new TypeError('x is undefined'))).toBeNull();
  });
});
