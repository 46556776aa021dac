import { describe, expect, it } from 'vitest';
import { classifyFfmpegError } from './ffmpeg-error.js';

// Real stderr tails captured from ffmpeg 5.1 against the GStreamer RTSP simulator and bad files.
const cases: { name: string; lines: string[]; rtsp?: boolean; kind: string; contains: string }[] = [
  {
    name: 'wrong password',
    lines: ['[rtsp @ 0x55989b474980] method DESCRIBE failed: 401 Unauthorized', 'rtsp://admin:wrong@127.0.0.1:8554/lot: Server returned 401 Unauthorized (authorization failed)'],
    rtsp: true,
    kind: 'unauthorized',
    contains: '401 Unauthorized',
  },
  {
    name: 'wrong path',
    lines: ['[rtsp @ 0x56168583c980] method DESCRIBE failed: 404 Not Found', 'rtsp://admin:s3cr3tpw@127.0.0.1:8554/nope: Server returned 404 Not Found'],
    rtsp: true,
    kind: 'not_found',
    contains: '404 stream not found',
  },
  {
    name: 'closed port',
    lines: ['[tcp @ 0x560102b4c5c0] Connection to tcp://127.0.0.1:8554?timeout=0 failed: Connection refused', 'rtsp://u:pw123@127.0.0.1:8554/lot: Connection refused'],
    rtsp: true,
    kind: 'connection_refused',
    contains: 'connection refused',
  },
  { name: 'silent server', lines: ['rtsp://127.0.0.1:8555/lot: Invalid data found when processing input'], rtsp: true, kind: 'timeout', contains: 'timeout' },
  { name: 'text file', lines: ['/work/shared/fixtures/FIXTURES.md: Invalid data found when processing input'], kind: 'not_video', contains: 'not a video' },
  {
    name: 'segments without timestamps',
    lines: ['[mpegts @ 0x56287f22db40] first pts and dts value must be set', 'av_interleaved_write_frame(): Invalid data found when processing input', 'Conversion failed!'],
    rtsp: true,
    kind: 'record_failed',
    contains: 'without timestamps (B-frames)',
  },
  { name: 'missing file', lines: ['/nonexist.mp4: No such file or directory'], kind: 'no_such_file', contains: 'no such file' },
  { name: 'audio only', lines: ["Stream map '0:v:0' matches no streams."], kind: 'not_video', contains: 'no video stream' },
];

describe('classifyFfmpegError', () => {
  it.each(cases)('names the cause: $name', ({ lines, rtsp, kind, contains }) => {
    const error = classifyFfmpegError(lines, { rtsp, secrets: ['s3cr3tpw', 'pw123'] });
    expect(error?.kind).toBe(kind);
    expect(error?.message).toContain(contains);
    expect(error?.message).not.toMatch(/s3cr3tpw|pw123|wrong/);
  });

  it('falls back to the last error line, redacted and without the ffmpeg context prefix', () => {
    const error = classifyFfmpegError(['Input #0, rtsp, from rtsp://a:hunter22@cam/x:', '[h264 @ 0x1234ab] decode error for rtsp://a:hunter22@cam/x', 'Conversion failed!'], { secrets: ['hunter22'] });
    expect(error).toEqual({ kind: 'unknown', message: 'decode error for rtsp://a:***@cam/x' });
  });

  it('never gives a timestamp warning or the closing stats line as the reason', () => {
    const lines = [
      '[segment @ 0x55b193fde300] Non-monotonous DTS in output stream 0:0; previous: 0, current: 0; changing to 1. This may result in incorrect timestamps in the output file.',
      '[segment @ 0x55b193fde300] Invalid DTS: 0 PTS: -7500 in output stream 0:0, replacing by guess',
      'video:14kB audio:0kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown',
    ];
    expect(classifyFfmpegError(lines)).toBeUndefined();
    expect(classifyFfmpegError([...lines, '[rtsp @ 0x1] method PLAY failed: 503 Service Unavailable'])).toEqual({ kind: 'unknown', message: 'method PLAY failed: 503 Service Unavailable' });
  });

  it('returns nothing for an empty stderr', () => {
    expect(classifyFfmpegError([])).toBeUndefined();
  });
});
