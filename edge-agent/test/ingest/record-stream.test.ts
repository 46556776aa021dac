import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixturePath, pollUntil, startCameraSimulator } from '@wardwatch/devkit';
import { describe, expect, it } from 'vitest';
import { createCameraIngest } from '../../src/ingest/create-frame-source.js';
import { createIngestMetrics } from '../../src/metrics/ingest-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { camera, memoryLogger, metricValue } from './ingest-support.js';

const run = promisify(execFile);

describe('a camera with a separate record (main) stream', () => {
  it('detects on the sub-stream, records the main stream, and goes on detecting when only the main stream dies', async () => {
    const sub = await startCameraSimulator({ mounts: { sub: fixturePath('lot-people.mp4') } });
    const main = await startCameraSimulator({ mounts: { main: fixturePath('lot-drive-through.mp4') } });
    const dataDir = await mkdtemp(join(tmpdir(), 'ww-record-'));
    const log = memoryLogger();
    const registry = createRegistry();
    const ingest = createCameraIngest(
      camera({
        id: 'two-streams',
        detect: { url: sub.url('sub'), fps: 5 },
        record: { url: main.url('main'), segmentSeconds: 1, cacheMinutes: 1 },
        watchdog: { noFrameSeconds: 4, backoffInitialSeconds: 0.5, backoffMaxSeconds: 2 },
      }),
      { dataDir, frameSize: { width: 320, height: 320 }, metrics: createIngestMetrics(registry), logger: log.logger },
    );
    let frames = 0;
    const draining = (async () => {
      for await (const frame of ingest.frames()) {
        frames++;
        // Detect frames come from the 480x270 sub-stream.
        expect(frame.letterbox.srcWidth).toBe(480);
      }
    })();
    try {
      const cache = ingest.segmentCache!;
      const first = await pollUntil('a finished main-stream segment', async () => {
        const segments = await cache.list();
        return segments.length >= 2 ? segments[0] : undefined;
      }, { timeoutMs: 30_000, intervalMs: 250 });
      const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', first.path]);
      // Segments come from the 768x432 main stream, copied as they are.
      expect(stdout.trim().split('\n')[0]).toBe('768,432');

      expect(ingest.status().record).toMatchObject({ state: 'up' });

      // The main stream dies: recording fails on its own, detection goes on without a restart.
      await main.kill();
      const failing = await pollUntil('the recording failing', () => (ingest.status().record?.state === 'failing' ? ingest.status().record : undefined), { timeoutMs: 30_000, intervalMs: 250 });
      console.log('record status after the main stream died:', failing);
      expect(failing?.lastError).toMatch(/record-stream|connection refused|stream ended/);
      expect(metricValue(await registry.metrics(), 'wardwatch_record_up', { camera: 'two-streams' })).toBe(0);
      const before = frames;
      await new Promise((r) => setTimeout(r, 3_000));
      expect(frames - before).toBeGreaterThan(5);
      expect(ingest.status()).toMatchObject({ state: 'up', restarts: 0 });
      expect(log.lines().filter((l) => l.msg === 'camera down; ffmpeg will be restarted')).toEqual([]);
    } finally {
      await ingest.stop();
      await draining;
      await sub.stop();
      await main.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
