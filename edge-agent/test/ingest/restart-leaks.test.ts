import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, pollUntil } from '@wardwatch/devkit';
import { afterAll, describe, expect, it } from 'vitest';
import type { CameraIngest } from '../../src/ingest/camera-ingest.js';
import { createCameraIngest } from '../../src/ingest/create-frame-source.js';
import { createIngestMetrics } from '../../src/metrics/ingest-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { camera, childPids, memoryLogger, metricValue, openFds } from './ingest-support.js';

async function ffmpegChildren(): Promise<number[]> {
  const pids: number[] = [];
  for (const pid of await childPids()) {
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'ffmpeg') pids.push(pid);
  }
  return pids;
}

describe('forced restarts', () => {
  let dataDir = '';
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('50 forced restarts leave no child process and no file descriptor behind', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ww-restarts-'));
    const registry = createRegistry();
    const deps = { dataDir, frameSize: { width: 320, height: 320 }, metrics: createIngestMetrics(registry), logger: memoryLogger().logger };
    // A looping, real-time file plays the camera: the restart path is the same as for RTSP, and
    // each start is fast enough for 50 of them. Segments are on, so their output is cycled too.
    const config = camera({ id: 'restarts', detect: { url: fixturePath('lot-people.mp4'), fps: 10, loop: true, realtime: true }, record: { segmentSeconds: 1, cacheMinutes: 1 } });
    const frames: { seq: number; pid: number | undefined }[] = [];
    const drain = async (ingest: CameraIngest) => {
      for await (const frame of ingest.frames()) frames.push({ seq: frame.seq, pid: ingest.ffmpegPid });
    };

    // Warm-up run: the first spawn opens a few lasting descriptors of its own (libuv signal pipe).
    const warm = createCameraIngest(config, deps);
    const warmDrain = drain(warm);
    await pollUntil('a warm-up frame', () => (frames.length > 0 ? true : undefined));
    await warm.stop();
    await warmDrain;
    await new Promise((r) => setTimeout(r, 200));
    const fdsBefore = await openFds();
    const childrenBefore = await childPids();

    const ingest = createCameraIngest(config, deps);
    frames.length = 0;
    const draining = drain(ingest);
    await pollUntil('the first frame', () => (frames.length > 0 ? true : undefined));
    const pids = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const oldPid = ingest.ffmpegPid;
      ingest.restart();
      await pollUntil(`a frame from a new ffmpeg after restart ${i + 1}`, () => {
        const pid = frames.at(-1)?.pid;
        return pid !== undefined && pid !== oldPid ? pid : undefined;
      }, { timeoutMs: 20_000, intervalMs: 20 });
      pids.add(ingest.ffmpegPid!);
      // The old ffmpegs were reaped before the new ones started: one detect and one record ffmpeg
      // at a time (the recorder's restart may still be under way).
      const current = await ffmpegChildren();
      expect(current).toContain(ingest.ffmpegPid);
      expect(current.filter((pid) => pid !== ingest.ffmpegPid && pid !== ingest.recordPid)).toEqual([]);
    }
    expect(pids.size).toBe(50);
    const seqs = frames.map((f) => f.seq);
    // seq keeps counting across restarts.
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    expect(ingest.status()).toMatchObject({ state: 'up', restarts: 50 });
    expect(metricValue(await registry.metrics(), 'wardwatch_ffmpeg_restarts_total', { camera: 'restarts' })).toBe(50);

    await ingest.stop();
    await draining;
    await new Promise((r) => setTimeout(r, 200));
    const fdsAfter = await openFds();
    console.log(`fds before ${fdsBefore}, after 50 restarts ${fdsAfter}; children before ${childrenBefore.length}, after ${(await childPids()).length}`);
    expect(await ffmpegChildren()).toEqual([]);
    expect(await childPids()).toEqual(childrenBefore);
    expect(fdsAfter).toBeLessThanOrEqual(fdsBefore);
    expect(ingest.status().state).toBe('stopped');
  });
});

describe('an ffmpeg killed from outside', () => {
  it('is restarted, and its last error names the signal instead of a routine log line', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ww-killed-'));
    try {
      const deps = { dataDir, frameSize: { width: 320, height: 320 }, metrics: createIngestMetrics(createRegistry()), logger: memoryLogger().logger };
      const ingest = createCameraIngest(camera({ id: 'killed', detect: { url: fixturePath('lot-people.mp4'), fps: 10, loop: true, realtime: true } }), deps);
      const pids: (number | undefined)[] = [];
      const draining = (async () => {
        for await (const _frame of ingest.frames()) pids.push(ingest.ffmpegPid);
      })();
      const first = await pollUntil('a first frame', () => pids[0]);
      process.kill(first, 'SIGKILL');
      await pollUntil('a frame from a new ffmpeg', () => (pids.some((pid) => pid !== undefined && pid !== first) ? true : undefined), { timeoutMs: 20_000 });
      expect(ingest.status()).toMatchObject({ restarts: 1, lastError: 'ffmpeg was killed by SIGKILL (not by the agent)' });
      await ingest.stop();
      await draining;
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
