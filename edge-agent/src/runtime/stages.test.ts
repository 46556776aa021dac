import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/ingest/ingest-support.js';
import { Stages, type Stage } from './stages.js';

/** Stages that write what happens to them into `events`. */
function recorder(events: string[]) {
  return (name: string, fail: { start?: boolean; stop?: boolean } = {}): Stage => ({
    name,
    start: () => {
      events.push(`start ${name}`);
      return fail.start ? Promise.reject(new Error(`${name} cannot start`)) : Promise.resolve();
    },
    stop: () => {
      events.push(`stop ${name}`);
      return fail.stop ? Promise.reject(new Error(`${name} cannot stop`)) : Promise.resolve();
    },
  });
}

describe('Stages', () => {
  it('stops the stages in the reverse order of their start, once', async () => {
    const events: string[] = [];
    const stage = recorder(events);
    const stages = new Stages(memoryLogger().logger);
    for (const name of ['http', 'delivery', 'evidence', 'detector', 'cameras']) await stages.start(stage(name));
    await Promise.all([stages.stop(), stages.stop()]);
    expect(events).toEqual([
      'start http',
      'start delivery',
      'start evidence',
      'start detector',
      'start cameras',
      'stop cameras',
      'stop detector',
      'stop evidence',
      'stop delivery',
      'stop http',
    ]);
  });

  it('stops what started when a stage cannot start, and rethrows', async () => {
    const events: string[] = [];
    const stage = recorder(events);
    const stages = new Stages(memoryLogger().logger);
    await stages.start(stage('http'));
    await stages.start(stage('detector'));
    await expect(stages.start(stage('cameras', { start: true }))).rejects.toThrow('cameras cannot start');
    expect(events).toEqual(['start http', 'start detector', 'start cameras', 'stop detector', 'stop http']);
    await expect(stages.start(stage('late'))).rejects.toThrow('stopping');
  });

  it('goes on stopping the others when one fails to stop, and logs it', async () => {
    const events: string[] = [];
    const stage = recorder(events);
    const log = memoryLogger();
    const stages = new Stages(log.logger);
    await stages.start(stage('http'));
    await stages.start(stage('evidence', { stop: true }));
    await stages.start(stage('cameras'));
    await stages.stop();
    expect(events.filter((e) => e.startsWith('stop'))).toEqual(['stop cameras', 'stop evidence', 'stop http']);
    expect(log.lines().filter((l) => l.event === 'stage_stop_failed').map((l) => l.stage)).toEqual(['evidence']);
  });

  it('stops a stage that finished starting after the stop began, after the others', async () => {
    const events: string[] = [];
    const stage = recorder(events);
    const stages = new Stages(memoryLogger().logger);
    await stages.start(stage('http'));
    let release: () => void = () => undefined;
    const slow: Stage = { ...stage('cameras'), start: () => new Promise<void>((resolve) => (release = resolve)) };
    const starting = stages.start(slow);
    await stages.stop();
    release();
    await expect(starting).rejects.toThrow('stopping');
    expect(events).toEqual(['start http', 'stop http', 'stop cameras']);
  });
});
