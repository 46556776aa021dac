import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixturePath, startCameraSimulator } from '@wardwatch/devkit';
import { describe, expect, it } from 'vitest';
import { createCameraIngest } from '../../src/ingest/create-frame-source.js';
import { createIngestMetrics } from '../../src/metrics/ingest-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { camera, memoryLogger, waitFor } from './ingest-support.js';

const run = promisify(execFile);

describe('a camera with a separate record (main) stream', () => {
  it('detects on the sub-stream, records the main stream, and restarts when only the main stream dies', async () => {
    const sub = await startCameraSimulator({ mounts: { sub: fixturePath('lot-people.mp4') } });
    const main = await startCameraSimulator({ mounts: { main: fixturePath('lot-drive-through.mp4') } });
    const dataDir = await mkdtemp(join(tmpdir(), 'ww-record-'));
    const log = memoryLogger();
    const ingest = createCameraIngest(
      camera({
        id: 'two-streams',
        detect: { url: sub.url('sub'), fps: 5 },
        record: { url: main.url('main'), segmentSeconds: 1, cacheMinutes: 1 },
        watchdog: { noFrameSeconds: 4, backoffInitialSeconds: 0.5, backoffMaxSeconds: 2 },
      }),
      { dataDir, frameSize: { width: 320, height: 320 }, metrics: createIngestMetrics(createRegistry()), logger: log.logger },
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
      const first = await waitFor('a finished main-stream segment', async () => {
        const segments = await cache.list();
        return segments.length >= 2 ? segments[0] : undefined;
      }, 30_000, 250);
      const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', first.path]);
      // Segments come from the 768x432 main stream, copied as they are.
      expect(stdout.trim().split('\n')[0]).toBe('768,432');

      await main.kill();
      await waitFor('a restart caused by the dead main stream', () => (ingest.status().restarts > 0 ? true : undefined), 30_000, 250);
      const reasons = log.lines().filter((l) => l.msg === 'camera down; ffmpeg will be restarted').map((l) => String(l.reason));
      console.log('reasons after the main stream died:', reasons);
      expect(reasons[0]).toMatch(/record-stream|connection refused|stream ended/);
      expect(frames).toBeGreaterThan(5);
    } finally {
      await ingest.stop();
      await draining;
      await sub.stop();
      await main.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
