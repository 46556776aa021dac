import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(): { lines: () => Record<string, unknown>[]; text: () => string; destination: Writable } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { destination, text: () => text, lines: () => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('edge logger', () => {
  it("scrubs a child logger's bound fields, deep fields, secret-named keys and messages", () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination });
    const child = logger.child({ camera: 'gate', source: 'rtsp://admin:Hunter2pass@10.0.0.5/main' });
    child.info(
      { redis: { connection: { options: { host: 'r', redisPassword: 'Hunter2pass', apiToken: 'tok-Hunter2pass' } } }, deep: { a: { b: { c: { d: { e: { f: { g: 'rtsp://u:Hunter2pass@h/' } } } } } } } },
      'connecting to rtsp://admin:Hunter2pass@10.0.0.5/main',
    );
    expect(out.text()).not.toContain('Hunter2pass');
    const [line] = out.lines();
    expect(line?.source).toBe('rtsp://admin:***@10.0.0.5/main');
    expect(line?.msg).toBe('connecting to rtsp://admin:***@10.0.0.5/main');
    expect(JSON.stringify(line?.redis)).toBe('{"connection":{"options":{"host":"r","redisPassword":"***","apiToken":"***"}}}');
    expect(JSON.stringify(line?.deep)).toContain('[nested too deep to log]');
  });

  it('keeps every line valid JSON with each field intact when a URL and an address share a line', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination }).child({ console: 'https://console.ward.vn' });
    logger.info({ contact: 'ops@ward.vn' }, 'console reachable');
    const [line] = out.lines();
    expect(line).toMatchObject({ console: 'https://console.ward.vn', contact: 'ops@ward.vn', msg: 'console reachable' });
  });

  it("logs an error as its own type and its scrubbed message, without the stack", () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination });
    logger.error({ err: new TypeError('cannot open rtsp://admin:Hunter2pass@10.0.0.5/main') }, 'camera failed');
    class StreamGone extends Error {
      override name = 'StreamGone';
    }
    logger.warn({ err: new StreamGone('no frames for 10 s') }, 'camera stalled');
    const [first, second] = out.lines();
    expect(first?.err).toEqual({ type: 'TypeError', message: 'cannot open rtsp://admin:***@10.0.0.5/main' });
    expect(second?.err).toEqual({ type: 'StreamGone', message: 'no frames for 10 s' });
  });
});
