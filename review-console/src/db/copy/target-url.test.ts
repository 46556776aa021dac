import { describe, expect, it } from 'vitest';
import { parseTargetUrl } from './target-url.js';

describe('the --to URL of review-console migrate', () => {
  it.each([
    ['postgres://ww:S3cret@db.local:5432/wardwatch', 'postgres://ww:***@db.local:5432/wardwatch'],
    ['postgresql://ww@db.local/wardwatch?sslmode=require', 'postgresql://ww@db.local/wardwatch?sslmode=require'],
    ['postgres://ww@db.local/wardwatch?password=S3cret&sslpassword=K3y', 'postgres://ww@db.local/wardwatch?password=***&sslpassword=***'],
    ['postgres://ww:p%40ss%2Fw0rd@db/ww', 'postgres://ww:***@db/ww'],
  ])('%s is shown as %s', (url, shown) => {
    expect(parseTargetUrl(url)?.shown).toBe(shown);
  });

  it('masks the password in any form a driver error may quote it', () => {
    const target = parseTargetUrl('postgres://ww:p%40ss%2Fw0rd@db/ww')!;
    expect(target.scrub('password "p@ss/w0rd" for ww refused; url postgres://ww:p%40ss%2Fw0rd@db/ww')).toBe('password "***" for ww refused; url postgres://ww:***@db/ww');
  });

  it.each([
    ['postgres://ww:S3cret@db.local:6543/wardwatch', { host: 'db.local', port: '6543', user: 'ww', database: 'wardwatch' }],
    ['postgres://ww@db.local', { host: 'db.local', port: '5432', user: 'ww', database: 'ww' }],
    ['postgresql:///ww?host=/var/run/postgresql', { host: '/var/run/postgresql', port: '5432', user: null, database: 'ww' }],
  ])('%s connects to %j', (url, where) => {
    expect(parseTargetUrl(url)).toMatchObject(where);
  });

  it.each(['mysql://root@db/x', 'postgres://', 'db.local:5432/ww', 'postgres://a b@db/x'])('%s is not a PostgreSQL URL', (url) => {
    expect(parseTargetUrl(url)).toBeNull();
  });
});
