import { describe, expect, it } from 'vitest';
import { FairScheduler } from './fair-scheduler.js';

describe('FairScheduler', () => {
  it('serves cameras round-robin so a busy camera cannot starve another', () => {
    const s = new FairScheduler<string>();
    s.offer('a', 'a1');
    s.offer('a', 'a2');
    s.offer('b', 'b1');
    s.offer('c', 'c1');
    const served = [s.next()?.item, s.next()?.item];
    s.offer('a', 'a3');
    served.push(s.next()?.item, s.next()?.item, s.next()?.item, s.next()?.item);
    expect(served).toEqual(['a1', 'b1', 'c1', 'a2', 'a3', undefined]);
  });

  it('keeps a camera\'s newest frames up to its depth and hands back the oldest it displaced', () => {
    const s = new FairScheduler<number>(2);
    expect(s.offer('a', 1)).toBeUndefined();
    expect(s.offer('a', 2)).toBeUndefined();
    expect(s.offer('a', 3)).toBe(1);
    expect(s.depth).toBe(2);
    expect(s.next()).toEqual({ cameraId: 'a', item: 2 });
    expect(s.next()).toEqual({ cameraId: 'a', item: 3 });
    expect(s.depth).toBe(0);
  });

  it('with depth 1 keeps only the newest frame', () => {
    const s = new FairScheduler<number>(1);
    expect(s.offer('a', 1)).toBeUndefined();
    expect(s.offer('a', 2)).toBe(1);
    expect(s.next()).toEqual({ cameraId: 'a', item: 2 });
  });

  it('rides out a burst of every camera at once that a one-frame slot would drop from', () => {
    // 20 cameras send a frame together, then each its next frame after one frame interval, in
    // which the detector serves 15: a one-frame slot drops the 5 not yet served.
    const burst = (depth: number) => {
      const s = new FairScheduler<string>(depth);
      let dropped = 0;
      for (let c = 0; c < 20; c++) if (s.offer(`cam${c}`, `${c}:0`) !== undefined) dropped++;
      for (let i = 0; i < 15; i++) s.next();
      for (let c = 0; c < 20; c++) if (s.offer(`cam${c}`, `${c}:1`) !== undefined) dropped++;
      return { dropped, served: [s.next()?.item, s.next()?.item, s.next()?.item] };
    };
    expect(burst(1).dropped).toBe(5);
    // With depth 2 nothing is lost, and the rotation carries on with the cameras it had not served.
    expect(burst(2)).toEqual({ dropped: 0, served: ['15:0', '16:0', '17:0'] });
  });

  it('bounds the queue at its depth per camera however fast frames arrive', () => {
    const s = new FairScheduler<number>(2);
    for (let i = 0; i < 100; i++) s.offer(`cam${i % 4}`, i);
    expect(s.depth).toBe(8);
  });

  it('forgets a removed camera, hands back its waiting frames and continues the rotation', () => {
    const s = new FairScheduler<string>();
    s.offer('a', 'a1');
    s.offer('a', 'a2');
    s.offer('b', 'b1');
    expect(s.remove('a')).toEqual(['a1', 'a2']);
    expect(s.remove('nobody')).toEqual([]);
    expect(s.next()?.item).toBe('b1');
    expect(s.depth).toBe(0);
  });

  it('refuses a depth below one', () => {
    expect(() => new FairScheduler(0)).toThrow(/at least one/);
  });
});
