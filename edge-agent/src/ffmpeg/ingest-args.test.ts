import { describe, expect, it } from 'vitest';
import { buildIngestArgs, buildRecordArgs, inputArgs, withEscapedLogin } from './ingest-args.js';

const frames = { width: 416, height: 416, fps: 5, pixelFormat: 'bgr24' as const };

describe('buildIngestArgs', () => {
  it('reads RTSP over TCP with a socket timeout and letterboxes frames in ffmpeg', () => {
    const args = buildIngestArgs({ input: { url: 'rtsp://cam/sub' }, ioTimeoutSeconds: 20, frames, startedAtMs: 1_796_650_000_123 });
    expect(args.slice(args.indexOf('-rtsp_transport'), args.indexOf('-i') + 2)).toEqual(['-rtsp_transport', 'tcp', '-timeout', '20000000', '-i', 'rtsp://cam/sub']);
    // Timed by arrival, so that a camera whose clock jumps neither floods nor starves the fps filter,
    // from a fixed origin that survives ffmpeg rebuilding its filters when the picture changes size.
    expect(args).toContain('setpts=(RTCTIME-1796650000123000)/(TB*1000000),fps=5,scale=416:416:force_original_aspect_ratio=decrease:flags=bilinear,format=bgr24,pad=416:416:0:0:color=0x727272');
    expect(args.at(-1)).toBe('pipe:1');
    expect(args).not.toContain('segment');
  });

  it('keeps a file read at full speed on its own timestamps (analyze, eval)', () => {
    const args = buildIngestArgs({ input: { url: '/clips/scene.mp4' }, ioTimeoutSeconds: 20, frames });
    expect(args).toContain('fps=5,scale=416:416:force_original_aspect_ratio=decrease:flags=bilinear,format=bgr24,pad=416:416:0:0:color=0x727272');
  });

});

describe('buildRecordArgs', () => {
  it('copies the record stream into UTC-named MPEG-TS segments, its own ffmpeg', () => {
    const args = buildRecordArgs({ input: { url: 'rtsp://cam/main', transport: 'udp' }, ioTimeoutSeconds: 5, segments: { dir: '/data/cam-1', segmentSeconds: 2, runTag: 'r1' } });
    expect(args).toContain('udp');
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args).not.toContain('rawvideo');
    const copy = args.indexOf('-c');
    expect(args.slice(copy, copy + 2)).toEqual(['-c', 'copy']);
    expect(args.slice(args.indexOf('-f'), args.indexOf('-f') + 4)).toEqual(['-f', 'segment', '-segment_time', '2']);
    expect(args).toContain('/data/cam-1/%Y%m%dT%H%M%SZ-r1.ts');
    // Its last output is the lifeline to the agent's pipe, which ends it if the agent dies.
    expect(args.slice(-3)).toEqual(['-f', 'framecrc', 'pipe:1']);
  });

  it('gives a packet without a presentation time its decode time (a B-frame stream over RTSP), and escapes % in the folder', () => {
    const args = buildRecordArgs({ input: { url: 'rtsp://cam/main' }, ioTimeoutSeconds: 5, segments: { dir: '/d%x', segmentSeconds: 4, runTag: 'r2' } });
    expect(args[args.indexOf('-bsf:v') + 1]).toBe('setts=pts=if(lt(PTS\\,-1e18)\\,DTS\\,PTS)');
    expect(args).toContain('/d%%x/%Y%m%dT%H%M%SZ-r2.ts');
  });
});

describe('inputArgs', () => {
  it('paces and loops a file only when asked', () => {
    expect(inputArgs({ url: '/v.mp4' }, 5)).toEqual(['-i', '/v.mp4']);
    expect(inputArgs({ url: 'file:///v.mp4', realtime: true, loop: true }, 5)).toEqual(['-re', '-stream_loop', '-1', '-i', '/v.mp4']);
  });
});

describe('withEscapedLogin', () => {
  it('percent-encodes a typed login up to the last @, keeping escapes already written and the rest of the URL', () => {
    expect(withEscapedLogin('rtsp://admin:Pa#s?w@rd@10.0.0.5:554/sub?channel=1#x')).toBe('rtsp://admin:Pa%23s%3Fw%40rd@10.0.0.5:554/sub?channel=1#x');
    expect(withEscapedLogin('rtsp://admin:a%2Fb@cam/sub')).toBe('rtsp://admin:a%2Fb@cam/sub');
    expect(withEscapedLogin('rtsp://admin:100%@cam/sub')).toBe('rtsp://admin:100%25@cam/sub');
    expect(withEscapedLogin('rtsp://quản lý:mật khẩu@cam/sub')).toBe('rtsp://qu%E1%BA%A3n%20l%C3%BD:m%E1%BA%ADt%20kh%E1%BA%A9u@cam/sub');
    expect(withEscapedLogin("rtsp://a-b_c.d~:!$&'()*+,;=x@cam/sub")).toBe("rtsp://a-b_c.d~:!$&'()*+,;=x@cam/sub");
  });

  it('leaves URLs without a login and file paths alone, and inputArgs hands ffmpeg the escaped form', () => {
    expect(withEscapedLogin('rtsp://10.0.0.5/sub')).toBe('rtsp://10.0.0.5/sub');
    expect(withEscapedLogin('/srv/clips/a@b.mp4')).toBe('/srv/clips/a@b.mp4');
    // A query with an @ after a host without a path is not a login: the host stays `cam`.
    expect(withEscapedLogin('http://cam?user=a@b')).toBe('http://cam?user=a@b');
    expect(inputArgs({ url: 'rtsp://admin:Pa#ss@cam/sub' }, 5).at(-1)).toBe('rtsp://admin:Pa%23ss@cam/sub');
    expect(inputArgs({ url: 'http://admin:Pa?ss@cam/live.flv' }, 5).at(-1)).toBe('http://admin:Pa%3Fss@cam/live.flv');
  });
});
