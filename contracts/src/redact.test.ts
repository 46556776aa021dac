import { describe, expect, it } from 'vitest';
import { redactUrlCredentials } from './redact.js';

describe('redactUrlCredentials', () => {
  it.each([
    ['rtsp://admin:s3cret@10.0.0.21:554/main', 'rtsp://admin:***@10.0.0.21:554/main'],
    ['rtsp://admin:P@ssw0rd2024@192.168.1.64/Streaming/101', 'rtsp://admin:***@192.168.1.64/Streaming/101'],
    ['rtsp://admin:Admin@123@cam', 'rtsp://admin:***@cam'],
    ['failed: rtsp://u:a@b@c@host:554/x (401)', 'failed: rtsp://u:***@host:554/x (401)'],
    ['redis://:p%40ss@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['rtsp://admin@10.0.0.21/main', 'rtsp://admin@10.0.0.21/main'],
    ['rtsp://10.0.0.21:554/main and mail me at ops@ward.vn', 'rtsp://10.0.0.21:554/main and mail me at ops@ward.vn'],
    ['two: rtsp://a:x@h1/s rtsp://b:y@h2/s', 'two: rtsp://a:***@h1/s rtsp://b:***@h2/s'],
  ])('%s', (input, expected) => {
    expect(redactUrlCredentials(input)).toBe(expected);
  });
});
