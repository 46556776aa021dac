import { fixturePath } from '@wardwatch/devkit';
import { describe, expect, it } from 'vitest';
import { StreamFailure } from '../../src/ffmpeg/ffmpeg-error.js';
import { createFileFrameSource } from '../../src/ingest/create-frame-source.js';
import type { Frame } from '../../src/ingest/frame.js';
import { createIngestMetrics } from '../../src/metrics/ingest-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { metricValue } from './ingest-support.js';

const size = { width: 416, height: 416 };

describe('a video file as a frame source (edge-agent analyze)', () => {
  it('as fast as possible, a slow consumer still sees every frame at the requested fps, stamped in media time', async () => {
    // lot-car-cyclist.mp4: 41 frames at 12 fps (3.4 s); at 6 fps that is 21 frames.
    const source = createFileFrameSource({ path: fixturePath('lot-car-cyclist.mp4'), fps: 6, frameSize: size, pixelFormat: 'rgb24' });
    const frames: Frame[] = [];
    for await (const frame of source.frames()) {
      frames.push(frame);
      // A detector slower than ffmpeg: backpressure, not dropping.
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(frames.map((f) => f.seq)).toEqual([...Array(frames.length).keys()]);
    expect(frames.length).toBeGreaterThanOrEqual(20);
    expect(frames.length).toBeLessThanOrEqual(22);
    expect(frames.slice(0, 3).map((f) => f.timestampMs)).toEqual([0, 167, 333]);
    expect(frames[0]).toMatchObject({ pixelFormat: 'rgb24', letterbox: { srcWidth: 480, srcHeight: 270, contentWidth: 416, contentHeight: 234 } });
    expect(source.status().state).toBe('stopped');
  });

  it('the same clip at the same settings gives the same frames (analysis is reproducible)', async () => {
    const digest = async () => {
      const sums: number[] = [];
      for await (const frame of createFileFrameSource({ path: fixturePath('lot-people.mp4'), fps: 4, frameSize: size }).frames()) {
        sums.push(frame.data.reduce((a, b) => a + b, 0));
      }
      return sums;
    };
    const [a, b] = await Promise.all([digest(), digest()]);
    expect(a.length).toBeGreaterThan(5);
    expect(a).toEqual(b);
  });

  it('played live (latest), a busy consumer gets the newest frame and the skipped ones are counted', async () => {
    const registry = createRegistry();
    const metrics = createIngestMetrics(registry).camera('live-file');
    const source = createFileFrameSource({ cameraId: 'live-file', path: fixturePath('lot-car-cyclist.mp4'), fps: 12, frameSize: size, realtime: true, frames: 'latest', metrics });
    let received = 0;
    for await (const _frame of source.frames()) {
      received++;
      await new Promise((r) => setTimeout(r, 250));
    }
    const text = await registry.metrics();
    const decoded = metricValue(text, 'wardwatch_frames_decoded_total', { camera: 'live-file' })!;
    const skipped = metricValue(text, 'wardwatch_frames_skipped_total', { camera: 'live-file', reason: 'consumer_busy' })!;
    expect(decoded).toBeGreaterThanOrEqual(40);
    expect(received).toBeLessThan(decoded / 2);
    expect(received + skipped).toBe(decoded);
  });

  it('a file that is not a video ends the loop with a specific StreamFailure', async () => {
    const source = createFileFrameSource({ path: fixturePath('FIXTURES.md'), fps: 5, frameSize: size });
    const read = async () => {
      for await (const _frame of source.frames()) expect.fail('no frame expected');
    };
    await expect(read()).rejects.toThrow(StreamFailure);
    expect(source.status()).toMatchObject({ state: 'stopped', lastError: 'not a video: ffmpeg cannot read a video stream from it' });
  });
});
