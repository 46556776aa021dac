import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { DetectorPool } from '../src/detect/detector-pool.js';
import { defaultDetectionSettings } from '../src/detect/detector.js';
import { fetchModel } from '../src/models/model-fetch.js';
import { loadModelManifest } from '../src/models/model-manifest.js';
import { sharedDir } from '../src/paths.js';
import { prepareSources, type BenchSource } from './bench-sources.js';
import { measureDecodeBound, type DecodeBound } from './decode-bound.js';
import { measureOrtCeiling } from './ort-ceiling.js';
import { runPipeline, type PipelineResult } from './pipeline-bench.js';
import { cameraBudget, isServed, searchServed, type FrameCosts } from './served-search.js';

export interface BenchOptions {
  /** Measured seconds per pipeline configuration (after warm-up). */
  seconds?: number;
  cameraCounts?: number[];
  /** Fixture files the cameras play, in turn; defaults to the long real scenes. */
  fixtures?: string[];
  log?: (line: string) => void;
  /** After the fixed steps, search the largest served camera count for gating off and on (default true). */
  searchServed?: boolean;
  onServed?: (result: ServedResult) => void;
}

/** The largest camera count served (see isServed) beside what the costs measured in this run allow. */
export interface ServedResult {
  gating: boolean;
  fps: number;
  cores: number;
  costs: FrameCosts;
  budget: number;
  served: number;
  /** served / budget. */
  ratio: number;
  tried: { cameras: number; served: boolean; droppedFrames: number; p95FrameLatencyMs: number; offeredFps: number }[];
}

interface Step {
  cameras: number | ((ortLimitFps: number) => number);
  gating: boolean;
  /** Also measure what decoding alone costs at this camera count (the saturated step). */
  decodeBound?: boolean;
}

export interface BenchLine extends PipelineResult {
  ortLimitFps: number;
  /** The ceiling measured just before and just after this configuration. */
  ortLimitRangeFps: [number, number];
  ortCpuMsPerRun: number;
  cpuRatio: number;
  fixtures: string[];
  ratio: number;
  fps: number;
  cores: number;
  cpu: string;
  /** The saturated step only: ffmpeg alone at this camera count, and the ratio it leaves possible. */
  decodeBound?: DecodeBound | { skipped: string };
}

/*
 * The long real scenes of the fixture set, each camera taking the next: a parking lot, an indoor
 * dwell, a sidewalk, a table, a night crowd and a busy highway (which never stops moving).
 */
const cameraFixtures = ['lot-drive-through.mp4', 'table-people-dwell.mp4', 'sidewalk-bag-left.avi', 'table-bottles.mp4', 'street-car-on-walkway.mp4', 'highway-shoulder.avi'];
const fps = 5;

export async function runBench(options: BenchOptions = {}, emit: (line: BenchLine) => void = () => undefined): Promise<BenchLine[]> {
  const log = options.log ?? (() => undefined);
  const seconds = options.seconds ?? 10;
  const cores = availableParallelism();
  const manifest = await loadModelManifest('yolox_nano');
  const { path: modelPath } = await fetchModel(manifest, { allowDownload: false });
  const ceilingCpu: number[] = [];
  const ceiling = async (): Promise<number> => {
    const measured = await measureOrtCeiling(manifest, modelPath, cores, 3_000);
    ceilingCpu.push(measured.cpuMsPerRun);
    log(`ceiling: ${cores} single-threaded sessions on a static tensor: ${measured.fps.toFixed(1)}/s (${measured.msPerRun.toFixed(1)} ms wall, ${measured.cpuMsPerRun.toFixed(1)} ms CPU per run)`);
    return Math.round(measured.fps * 10) / 10;
  };
  // Camera counts for the two derived steps follow the ceiling measured right before them: the
  // fewest cameras whose frames reach the ceiling (gating off: the count that saturates the
  // cores), and twice what the ceiling serves (gating on).
  const base = options.cameraCounts ?? [1, 2, 4, 8];
  const plan: Step[] = [
    ...base.map((cameras) => ({ cameras, gating: false })),
    { cameras: (limit: number) => Math.ceil(limit / fps), gating: false, decodeBound: true },
    ...base.map((cameras) => ({ cameras, gating: true })),
    { cameras: (limit: number) => 2 * Math.floor(limit / fps), gating: true },
  ];
  const { sources, cleanup } = await prepareSources(join(sharedDir(), 'fixtures'), options.fixtures ?? cameraFixtures, fps);
  // Every run gets a fresh pool, so one configuration's queues and memory never carry into the next.
  const pipeline = async (cameras: number, gating: boolean): Promise<PipelineResult> => {
    const pool = await DetectorPool.start({ manifest, modelPath, settings: defaultDetectionSettings, workers: cores, intraOpThreads: 1 });
    try {
      return await runPipeline(pool, { cameras, gating, fps, warmupSeconds: 3, seconds, size: manifest.input.width, sources });
    } finally {
      await pool.close();
    }
  };
  const lines: BenchLine[] = [];
  try {
    for (const step of plan) {
      // The ceiling is measured right before and after each configuration (no pool running), so
      // a machine shared with other work compares like with like; the ratio uses their mean.
      const before = await ceiling();
      const cameras = typeof step.cameras === 'number' ? step.cameras : step.cameras(before);
      log(`pipeline: ${cameras} cameras at ${fps} fps, gating ${step.gating ? 'on' : 'off'}`);
      const result = await pipeline(cameras, step.gating);
      const after = await ceiling();
      const decodeBound = step.decodeBound ? await decodeBoundAt(cameras, manifest.input.width, sources, seconds, log) : undefined;
      const ortLimitFps = Math.round(((before + after) / 2) * 10) / 10;
      const ortCpuMsPerRun = (ceilingCpu.at(-1)! + ceilingCpu.at(-2)!) / 2;
      const line = {
        ...result,
        ortLimitFps,
        ortLimitRangeFps: [before, after] as [number, number],
        ratio: Math.round((result.pipelineFps / ortLimitFps) * 100) / 100,
        ortCpuMsPerRun: Math.round(ortCpuMsPerRun * 10) / 10,
        // What pipelineFps / ortLimitFps is on cores given wholly to the agent: the share of its
        // CPU (ffmpeg included) that is inference. Unlike wall-clock rates it holds on a shared machine.
        cpuRatio: Math.round((ortCpuMsPerRun / Math.max(0.001, result.cpuMsPerInferredFrame)) * 100) / 100,
        fps,
        cores,
        cpu: cpus()[0]?.model ?? 'unknown',
        fixtures: sources.map((s) => s.fixture),
        ...(decodeBound ? { decodeBound } : {}),
      };
      lines.push(line);
      emit(line);
    }
    if (options.searchServed ?? true) {
      for (const gating of [false, true]) {
        const result = await servedSearch(lines, gating, (cameras) => {
          log(`served search: ${cameras} cameras at ${fps} fps, gating ${gating ? 'on' : 'off'}`);
          return pipeline(cameras, gating);
        });
        if (result) options.onServed?.(result);
      }
    }
  } finally {
    await cleanup();
  }
  return lines;
}

/**
 * The costs come from the largest served step of the fixed plan with the same gating: per frame
 * for ffmpeg and the agent, inference from the ceilings, and (gating on) frames delivered per
 * frame inferred. The search starts at the budget they give.
 */
async function servedSearch(lines: readonly BenchLine[], gating: boolean, run: (cameras: number) => Promise<PipelineResult>): Promise<ServedResult | undefined> {
  const calibration = lines.filter((l) => l.gating === gating && isServed(l, fps) && l.inferredFps > 0).at(-1);
  if (!calibration) return undefined;
  const costs: FrameCosts = {
    ffmpegMsPerFrame: calibration.ffmpegCpuMsPerFrame,
    agentMsPerFrame: calibration.agentCpuMsPerFrame,
    inferenceMsPerRun: lines.reduce((sum, l) => sum + l.ortCpuMsPerRun, 0) / lines.length,
    gateMultiplier: gating ? Math.round((calibration.offeredFps / calibration.inferredFps) * 100) / 100 : 1,
  };
  const cores = calibration.cores;
  const budget = cameraBudget(costs, cores, fps);
  const tried: ServedResult['tried'] = [];
  const search = await searchServed(budget, async (cameras) => {
    const result = await run(cameras);
    const served = isServed(result, fps);
    tried.push({ cameras, served, droppedFrames: result.droppedFrames, p95FrameLatencyMs: result.p95FrameLatencyMs, offeredFps: result.offeredFps });
    return served;
  });
  return { gating, fps, cores, costs, budget, served: search.served, ratio: budget > 0 ? Math.round((search.served / budget) * 100) / 100 : 0, tried };
}

/** The decode bound, or why it could not be measured (the RTSP simulator needs GStreamer, which setup installs). */
async function decodeBoundAt(cameras: number, size: number, sources: BenchSource[], seconds: number, log: (line: string) => void): Promise<DecodeBound | { skipped: string }> {
  log(`decode bound: ${cameras} RTSP cameras through the agent's ffmpeg command, no detector`);
  try {
    return await measureDecodeBound({ cameras, fps, size, sources, warmupSeconds: 3, seconds });
  } catch (error) {
    return { skipped: (error as Error).message.split('\n')[0] ?? 'unknown error' };
  }
}
