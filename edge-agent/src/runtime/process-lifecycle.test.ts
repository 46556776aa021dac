import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import type { AgentRuntime } from './agent-runtime.js';
import { FORCED_EXIT_CODE, ProcessSignals } from './process-lifecycle.js';

function setup(): { signals: ProcessSignals; stopped: () => number; lines: () => Record<string, unknown>[] } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const signals = new ProcessSignals(createLogger({ destination }), { exit: (code) => exits.push(code), kill: () => void kills++ });
  let stops = 0;
  const runtime = { stop: async () => void stops++, ffmpegPids: () => [], stuckDetectorThreads: 0 } as unknown as AgentRuntime;
  signals.attach(runtime, { request: () => undefined, settled: () => Promise.resolve() });
  return { signals, stopped: () => stops, lines: () => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const exits: number[] = [];
let kills = 0;

describe('ProcessSignals', () => {
  let current: ProcessSignals | undefined;
  afterEach(() => current?.detach());

  it('a fault stops the agent gracefully, then ends the process by SIGKILL (exit would wait on the stuck threads), so the supervisor restarts it', async () => {
    const { signals, stopped, lines } = setup();
    current = signals;
    kills = 0;
    exits.length = 0;
    signals.fail(new Error('2 detector threads are stuck inside onnxruntime'));
    await expect(signals.untilStopped()).resolves.toBe(1);
    expect(stopped()).toBe(1);
    expect(kills).toBe(1);
    expect(exits).toEqual([]);
    expect(lines().find((l) => l.event === 'agent_fault')).toMatchObject({ err: { type: 'Error', message: '2 detector threads are stuck inside onnxruntime' } });
    expect(lines().find((l) => l.event === 'stopping')).toMatchObject({ reason: 'fault' });
  });

  it('a stop signal exits 0, and a fault after it changes nothing', async () => {
    const { signals, stopped } = setup();
    current = signals;
    kills = 0;
    exits.length = 0;
    process.emit('SIGTERM', 'SIGTERM');
    signals.fail(new Error('late fault'));
    await expect(signals.untilStopped()).resolves.toBe(0);
    expect(stopped()).toBe(1);
    expect(kills).toBe(0);
    // The process ends on its own once nothing runs: exit() is only a late fallback.
    expect(exits).toEqual([]);
  });

  it('a second stop signal exits at once with 130', async () => {
    const { signals } = setup();
    current = signals;
    exits.length = 0;
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([FORCED_EXIT_CODE]);
    await signals.untilStopped();
  });
});
