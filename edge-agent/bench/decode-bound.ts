import { availableParallelism } from 'node:os';
import { startCameraSimulator } from '@wardwatch/devkit';
import { buildIngestArgs } from '../src/ffmpeg/ingest-args.js';
import { frameBuffers } from '../src/ingest/frame-buffers.js';
import { IngestRun } from '../src/ingest/ingest-run.js';
import type { BenchSource } from './bench-sources.js';
import { cpuMsOf, processStats } from './proc-stats.js';

export interface DecodeBoundRun {
  cameras: number;
  fps: number;
  size: number;
  sources: readonly BenchSource[];
  warmupSeconds: number;
  seconds: number;
}

export interface DecodeBound {
  cameras: number;
  /** Frames per second the cameras' ffmpeg processes delivered (cameras x fps when they keep up). */
  deliveredFps: number;
  /** CPU of the agent's ffmpeg command per delivered frame: RTSP receive, H.264 decode, letterbox, pipe. */
  ffmpegCpuMsPerFrame: number;
  /** Cores those ffmpeg processes kept busy. */
  ffmpegCores: number;
  /** Cores the camera simulator used (a real camera's work; here it shares the machine). */
  simulatorCores: number;
  cores: number;
  /**
   * The most pipelineFps / ortLimitFps can be at this camera count: the detector gets at best the
   * cores ffmpeg leaves, even with an agent that costs nothing else and sessions that run as fast
   * as on an idle machine.
   */
  ratioBound: number;
}

/**
 * What decoding alone costs at a camera count: the agent's own ingest (buildIngestArgs' command,
 * read through IngestRun's frame pipe) on real RTSP streams from the camera simulator, frames
 * read and discarded, no detector running.
 * It bounds the pipeline: every camera frame must be decoded, whether or not it is then inferred.
 */
export async function measureDecodeBound(run: DecodeBoundRun): Promise<DecodeBound> {
  const mounts = Object.fromEntries(run.sources.map((s, i) => [`cam${i}`, s.file]));
  const simulator = await startCameraSimulator({ mounts });
  const runs: IngestRun[] = [];
  let frames = 0;
  const started = new Set<number>();
  try {
    for (let i = 0; i < run.cameras; i++) {
      const onFrame = (frame: Buffer): void => {
        frames++;
        started.add(i);
        frameBuffers.give(frame.buffer as ArrayBuffer);
      };
      const args = (): string[] =>
        buildIngestArgs({
          input: { url: simulator.url(`cam${i % run.sources.length}`) },
          ioTimeoutSeconds: 10,
          frames: { width: run.size, height: run.size, fps: run.fps, pixelFormat: 'gbrp' },
        });
      runs.push(await IngestRun.start({ frameBytes: run.size * run.size * 3, secrets: [], onFrame }, args));
    }
    // ffmpeg probes an RTSP stream for a few seconds before its first frame and then hands over
    // what it buffered meanwhile in a burst: the window opens once every camera is past that.
    const deadline = performance.now() + 60_000;
    while (started.size < run.cameras) {
      if (performance.now() > deadline) throw new Error(`only ${started.size} of ${run.cameras} RTSP cameras delivered a frame within 60 s`);
      await sleep(200);
    }
    await sleep(run.warmupSeconds * 1000);
    const pids = processStats(runs.map((r) => r.process.pid));
    const ffmpeg0 = await cpuMsOf(pids);
    const simulator0 = await cpuMsOf(processStats([simulator.pid]));
    const frames0 = frames;
    const windowStart = performance.now();
    await sleep(run.seconds * 1000);
    const seconds = (performance.now() - windowStart) / 1000;
    const ffmpegMs = (await cpuMsOf(pids)) - ffmpeg0;
    const simulatorMs = (await cpuMsOf(processStats([simulator.pid]))) - simulator0;
    const delivered = frames - frames0;
    const cores = availableParallelism();
    const ffmpegCores = ffmpegMs / 1000 / seconds;
    return {
      cameras: run.cameras,
      deliveredFps: round(delivered / seconds, 1),
      ffmpegCpuMsPerFrame: round(ffmpegMs / Math.max(1, delivered), 2),
      ffmpegCores: round(ffmpegCores, 3),
      simulatorCores: round(simulatorMs / 1000 / seconds, 3),
      cores,
      ratioBound: round(1 - ffmpegCores / cores, 3),
    };
  } finally {
    for (const ingest of runs) ingest.process.kill();
    await Promise.all(runs.map((ingest) => ingest.exited));
    await simulator.stop();
  }
}

const round = (v: number, places: number): number => Math.round(v * 10 ** places) / 10 ** places;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
