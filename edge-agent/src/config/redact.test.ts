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

describe('passwords with "@" (common on cameras, accepted unencoded by ffmpeg)', () => {
  it('hides the whole password in free text, with or without the known secret', () => {
    const url = 'rtsp://admin:P@ssw0rd2024@192.168.1.64/Streaming/101';
    const stderr = `[rtsp @ 0x5] method DESCRIBE failed: 401 Unauthorized\n${url}: Server returned 401`;
    for (const out of [redactText(stderr), redactText(stderr, urlSecrets(url))]) {
      expect(out).not.toContain('ssw0rd2024');
      expect(out).toContain('rtsp://admin:***@192.168.1.64/Streaming/101');
    }
  });
});
