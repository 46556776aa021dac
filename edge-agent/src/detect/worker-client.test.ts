import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { AbandonedThreads } from './worker-client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AbandonedThreads', () => {
  it('counts a terminated thread that is still inside a native call, and stops counting it when it ends', async () => {
    const seen: number[] = [];
    const threads = new AbandonedThreads(150);
    threads.onChange = (n) => seen.push(n);
    const worker = new Worker(`require('node:child_process').execFileSync('sleep', ['1'])`, { eval: true });
    await sleep(200);
    threads.abandon(worker);
    await sleep(400);
    expect(threads.stuck).toBe(1);
    await once(worker, 'exit');
    expect(threads.stuck).toBe(0);
    expect(seen).toEqual([1, 0]);
  });

  it('does not count a thread that has already ended, nor one that ends when terminated', async () => {
    const threads = new AbandonedThreads(100);
    const ended = new Worker('process.exit(0)', { eval: true });
    await once(ended, 'exit');
    threads.abandon(ended);
    const busy = new Worker('for (;;);', { eval: true });
    await sleep(100);
    threads.abandon(busy);
    await sleep(300);
    expect(threads.stuck).toBe(0);
  });
});
