import { describe, expect, it } from 'vitest';
import { redactText, redactUrl, urlSecrets } from './redact.js';

describe('redaction', () => {
  it.each([
    ['rtsp://admin:s3cret@10.0.0.21:554/main', 'rtsp://admin:***@10.0.0.21:554/main'],
    ['rtsp://admin@10.0.0.21/main', 'rtsp://admin@10.0.0.21/main'],
    ['rtsp://10.0.0.21/main', 'rtsp://10.0.0.21/main'],
    ['redis://:p%40ss@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['/var/lib/clip.mp4', '/var/lib/clip.mp4'],
  ])('%s -> %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it('scrubs URLs and bare secrets inside free text', () => {
    const text = "[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized (rtsp://u:p4ss@cam/sub) pass=p4ss";
    const out = redactText(text, urlSecrets('rtsp://u:p4ss@cam/sub'));
    expect(out).not.toContain('p4ss');
    expect(out).toContain('401 Unauthorized');
  });
});
