import { describe, expect, it } from 'vitest';
import { FairScheduler } from './fair-scheduler.js';

describe('FairScheduler', () => {
  it('serves cameras round-robin so a busy camera cannot starve another', () => {
    const s = new FairScheduler<string>();
    s.offer('a', 'a1');
    s.offer('b', 'b1');
    s.offer('c', 'c1');
    const served = [s.next()?.item];
    s.offer('a', 'a2');
    served.push(s.next()?.item, s.next()?.item, s.next()?.item, s.next()?.item);
    expect(served).toEqual(['a1', 'b1', 'c1', 'a2', undefined]);
  });

  it('keeps only the newest frame per camera and hands back the one it displaced', () => {
    const s = new FairScheduler<number>();
    expect(s.offer('a', 1)).toBeUndefined();
    expect(s.offer('a', 2)).toBe(1);
    expect(s.depth).toBe(1);
    expect(s.next()).toEqual({ cameraId: 'a', item: 2 });
    expect(s.depth).toBe(0);
  });

  it('bounds the queue at one frame per camera however fast frames arrive', () => {
    const s = new FairScheduler<number>();
    for (let i = 0; i < 100; i++) s.offer(`cam${i % 4}`, i);
    expect(s.depth).toBe(4);
  });

  it('forgets a removed camera and continues the rotation', () => {
    const s = new FairScheduler<string>();
    s.offer('a', 'a1');
    s.offer('b', 'b1');
    expect(s.remove('a')).toBe('a1');
    expect(s.next()?.item).toBe('b1');
    expect(s.depth).toBe(0);
  });
});
