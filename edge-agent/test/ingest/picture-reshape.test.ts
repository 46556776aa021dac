import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, startCameraSimulator, type CameraSimulator } from '@wardwatch/devkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createCameraIngest } from '../../src/ingest/create-frame-source.js';
import type { CameraIngest } from '../../src/ingest/camera-ingest.js';
import { createIngestMetrics } from '../../src/metrics/ingest-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { camera, memoryLogger } from './ingest-support.js';

/*
 * An installer changes a camera's sub-stream resolution while the agent runs (here 768x432 ->
 * 640x480, 12 s in). ffmpeg rebuilds its filters for the new size; the frames that follow must
 * come at once, not after as long again as the camera had been running.
 */
const CHANGE_AT_SECONDS = 12;
const RUN_MS = 22_000;

describe('a live camera whose picture changes size while it runs', () => {
  let sim: CameraSimulator | undefined;
  let source: CameraIngest | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await source?.stop();
    await sim?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps delivering frames across the change, without a gap', async () => {
    sim = await startCameraSimulator({ mounts: { lot: { file: fixturePath('lot-drive-through.mp4'), encoding: { codec: 'h264', fps: 10, resize: { atSeconds: CHANGE_AT_SECONDS, width: 640, height: 480 } } } } });
    dataDir = await mkdtemp(join(tmpdir(), 'ww-reshape-'));
    const log = memoryLogger();
    // A watchdog longer than the run: a gap shows as a gap, not as a restart that hides it.
    source = createCameraIngest(camera({ id: 'reshaped', detect: { url: sim.url('lot'), fps: 5 }, watchdog: { noFrameSeconds: 60 } }), {
      dataDir,
      frameSize: { width: 416, height: 416 },
      metrics: createIngestMetrics(createRegistry()),
      logger: log.logger,
    });
    const arrivals: number[] = [];
    for await (const _frame of source.frames()) {
      arrivals.push(Date.now());
      if (arrivals.at(-1)! - arrivals[0]! > RUN_MS) break;
    }
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    expect(log.lines().filter((l) => l.event === 'picture_reshaped')).toHaveLength(1);
    // 5 frames a second: 200 ms apart; a second is a generous margin for a busy machine.
    expect(Math.max(...gaps)).toBeLessThan(1_500);
  }, 90_000);
});
