import { describe, expect, it } from 'vitest';
import { hasReplicas, isRedisAddress, parseRedisAddress, queuePrefixAt } from './redis-address.js';

describe('parseRedisAddress', () => {
  it('takes one server as ioredis does', () => {
    expect(parseRedisAddress('redis://:secret@cache:6379/2')).toEqual({ kind: 'server', url: 'redis://:secret@cache:6379/2' });
    expect(parseRedisAddress('rediss://cache.example:6380')).toMatchObject({ kind: 'server' });
    expect(hasReplicas('redis://cache:6379')).toBe(false);
  });

  it('takes a Sentinel set: its sentinels, the primary\'s name, the database and both passwords', () => {
    expect(parseRedisAddress('redis+sentinel://app:p%40ss@10.0.0.1:26379,10.0.0.2:26379,[::1]:26380/wardwatch/3?sentinelPassword=s3')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'wardwatch',
      db: 3,
      username: 'app',
      password: 'p@ss',
      sentinelPassword: 's3',
    });
    expect(parseRedisAddress('redis+sentinel://s1:26379/mymaster')).toEqual({ kind: 'sentinel', sentinels: [{ host: 's1', port: 26379 }], name: 'mymaster', db: 0 });
    expect(hasReplicas('redis+sentinel://s1:26379/mymaster')).toBe(true);
  });

  it('takes a Cluster: its seed nodes and the login', () => {
    expect(parseRedisAddress('redis+cluster://app:p%40ss@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      username: 'app',
      password: 'p@ss',
    });
    expect(parseRedisAddress('redis+cluster://c1:7000/')).toEqual({ kind: 'cluster', nodes: [{ host: 'c1', port: 7000 }] });
    expect(hasReplicas('redis+cluster://c1:7000')).toBe(true);
  });

  it('hash-tags the queue prefix on a Cluster only, keeping a tag already there', () => {
    expect(queuePrefixAt('redis+cluster://c1:7000', 'bull')).toBe('{bull}');
    expect(queuePrefixAt('redis+cluster://c1:7000', '{ww}')).toBe('{ww}');
    expect(queuePrefixAt('redis+cluster://c1:7000', 'site-{ww}')).toBe('site-{ww}');
    expect(queuePrefixAt('redis://cache:6379', 'bull')).toBe('bull');
    expect(queuePrefixAt('redis+sentinel://s1:26379/mymaster', 'bull')).toBe('bull');
  });

  it.each([
    ['redis+cluster://c1/', /cluster node "c1" must be host:port/],
    ['redis+cluster://c1:7000/0', /must be redis:\/\//],
    ['redis+cluster://app:50%@c1:7000', /"%" that starts no %XX escape/],
    ['http://cache:6379', /must be redis:\/\//],
    ['redis+sentinel://s1:26379', /must be redis:\/\//],
    ['redis+sentinel://s1/mymaster', /sentinel "s1" must be host:port/],
    ['redis+sentinel://s1:99999/mymaster', /sentinel "s1:99999" must be host:port/],
    ['redis+sentinel://s1:26379/mymaster?role=slave', /unknown setting "role"/],
    ['redis+sentinel://app:100%@s1:26379/mymaster', /"%" that starts no %XX escape/],
  ])('refuses %s, saying why', (text, why) => {
    const parsed = parseRedisAddress(text);
    expect('error' in parsed && parsed.error).toMatch(why);
    expect(isRedisAddress(text)).toBe(false);
  });

  it('never repeats a password in its reason', () => {
    const parsed = parseRedisAddress('redis+sentinel://app:hunter2@s1:nope/mymaster');
    expect('error' in parsed && parsed.error).not.toContain('hunter2');
  });
});
