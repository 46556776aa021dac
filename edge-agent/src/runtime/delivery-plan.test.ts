import { describe, expect, it } from 'vitest';
import { planDelivery } from './delivery-plan.js';

const consoleOk = { url: 'https://console.example.vn', token: 'tok-123' };
const redisOk = { url: 'redis://10.0.0.5:6379' };

describe('planDelivery', () => {
  it.each([
    { name: 'nothing configured: local only', input: {}, publish: false, heartbeats: false, problems: [] },
    { name: 'Redis only: heartbeats, violations stay in the outbox', input: { redis: redisOk }, publish: false, heartbeats: true, problems: [] },
    { name: 'console, token and Redis: full delivery', input: { console: consoleOk, redis: redisOk }, publish: true, heartbeats: true, problems: [] },
    { name: 'console without a token is refused', input: { console: { url: consoleOk.url }, redis: redisOk }, publish: false, heartbeats: true, problems: [/console\.token.*WARDWATCH_AGENT_TOKEN/] },
    { name: 'console without Redis is refused', input: { console: consoleOk }, publish: false, heartbeats: false, problems: [/redis\.url.*REDIS_URL/] },
    { name: 'console with neither is refused with both', input: { console: { url: consoleOk.url } }, publish: false, heartbeats: false, problems: [/console\.token/, /redis\.url/] },
  ])('$name', ({ input, publish, heartbeats, problems }) => {
    const plan = planDelivery(input);
    expect(plan.publish !== undefined).toBe(publish);
    expect(plan.heartbeats !== undefined).toBe(heartbeats);
    expect(plan.problems).toHaveLength(problems.length);
    problems.forEach((pattern, i) => expect(plan.problems[i]).toMatch(pattern));
  });

  it('uses the configured BullMQ prefix, else the console\'s default', () => {
    expect(planDelivery({ console: consoleOk, redis: redisOk }).publish?.prefix).toBe('bull');
    expect(planDelivery({ console: consoleOk, redis: { ...redisOk, prefix: 'ward7' } }).publish).toMatchObject({ prefix: 'ward7', token: 'tok-123', redisUrl: redisOk.url });
  });

  it('hash-tags the prefix on a Redis Cluster, for violations and heartbeats alike, as the console does', () => {
    const plan = planDelivery({ console: consoleOk, redis: { url: 'redis+cluster://10.0.0.5:7000,10.0.0.6:7000' } });
    expect(plan.publish?.prefix).toBe('{bull}');
    expect(plan.heartbeats?.prefix).toBe('{bull}');
  });
});
