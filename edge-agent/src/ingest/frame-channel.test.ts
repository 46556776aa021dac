import { describe, expect, it } from 'vitest';
import { FrameChannel, type SkipReason } from './frame-channel.js';

describe('FrameChannel', () => {
  it('latest: a busy consumer gets only the newest frame and every replaced one is counted', async () => {
    const skips: SkipReason[] = [];
    const channel = new FrameChannel<number>({ mode: 'latest', onSkip: (r) => skips.push(r) });
    const it = channel[Symbol.asyncIterator]();
    const first = it.next();
    channel.push(1);
    expect(await first).toEqual({ value: 1, done: false });
    // The consumer is "busy" while 2, 3, 4 arrive.
    channel.push(2);
    channel.push(3);
    channel.push(4);
    expect(await it.next()).toEqual({ value: 4, done: false });
    expect(skips).toEqual(['consumer_busy', 'consumer_busy']);
    channel.close();
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('latest: frames with nobody reading are counted as no_consumer', () => {
    const skips: SkipReason[] = [];
    const channel = new FrameChannel<number>({ mode: 'latest', onSkip: (r) => skips.push(r) });
    for (let i = 0; i < 5; i++) channel.push(i);
    expect(skips).toEqual(Array(4).fill('no_consumer'));
  });

  it('every: nothing is dropped, the producer is paused at the high-water mark and resumed when drained', async () => {
    const pressure: boolean[] = [];
    const channel = new FrameChannel<number>({ mode: 'every', highWater: 3, onPressure: (p) => pressure.push(p), onSkip: () => expect.fail('dropped') });
    for (let i = 0; i < 5; i++) channel.push(i);
    expect(pressure).toEqual([true]);
    channel.close();
    const seen: number[] = [];
    for await (const item of channel) seen.push(item);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(pressure).toEqual([true, false]);
  });

  it('a failed source ends the loop with its error after the queued frames', async () => {
    const channel = new FrameChannel<number>({ mode: 'every' });
    channel.push(1);
    channel.close(new Error('not a video'));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of channel) seen.push(item);
      })(),
    ).rejects.toThrow('not a video');
    expect(seen).toEqual([1]);
  });

  it('breaking out of the loop detaches the consumer and frees a paused producer', async () => {
    const pressure: boolean[] = [];
    const channel = new FrameChannel<number>({ mode: 'every', highWater: 1, onPressure: (p) => pressure.push(p) });
    channel.push(1);
    for await (const item of channel) {
      expect(item).toBe(1);
      break;
    }
    expect(pressure).toEqual([true, false]);
    expect(() => channel[Symbol.asyncIterator]()).toThrow(/single consumer/);
  });
});
