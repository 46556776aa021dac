import { describe, expect, it } from 'vitest';
import { InputInfoParser } from './ffmpeg-stderr.js';

// Captured from ffmpeg 5.1 reading the RTSP simulator and writing raw frames plus segments.
const stderr = `Input #0, rtsp, from 'rtsp://127.0.0.1:8554/lot':
  Metadata:
    title           : Session streamed with GStreamer
  Duration: N/A, start: 0.000000, bitrate: N/A
  Stream #0:0: Video: h264 (Baseline), yuv420p(tv, smpte170m, progressive), 768x432, 12.50 fps, 12.50 tbr, 90k tbn
  Stream #0:1: Audio: aac (LC), 48000 Hz, stereo, fltp
Stream mapping:
  Stream #0:0 -> #0:0 (h264 (native) -> rawvideo (native))
Output #0, rawvideo, to 'pipe:1':
  Stream #0:0: Video: rawvideo (BGR[24] / 0x18524742), bgr24(pc, gbr/unknown/unknown, progressive), 416x416, q=2-31, 20766 kb/s, 5 fps, 5 tbn`;

describe('InputInfoParser', () => {
  it('reads the input video stream and ignores the output streams', () => {
    const parser = new InputInfoParser();
    for (const line of stderr.split('\n')) parser.push(line);
    expect(parser.info).toEqual({ codec: 'h264', width: 768, height: 432, fps: 12.5 });
    expect(parser.hasAudio).toBe(true);
  });

  it('knows nothing before the input section appears', () => {
    const parser = new InputInfoParser();
    parser.push('Output #0, rawvideo, to pipe:1:');
    parser.push('  Stream #0:0: Video: rawvideo, bgr24, 416x416, 5 fps');
    expect(parser.info).toBeUndefined();
  });
});
