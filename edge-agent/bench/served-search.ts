import type { PipelineResult } from './pipeline-bench.js';

/** What one camera frame costs, measured in the same run (CPU milliseconds). */
export interface FrameCosts {
  /** ffmpeg: decode, letterbox, pipe, per frame delivered. */
  ffmpegMsPerFrame: number;
  /** The agent's own work per frame delivered (ingest, gate, scheduling, hand-off). */
  agentMsPerFrame: number;
  /** One inference (preprocess + run + decode) on one core. */
  inferenceMsPerRun: number;
  /** Frames delivered per frame inferred: 1 without the motion gate, more with it. */
  gateMultiplier: number;
}

/**
 * How many cameras at `fps` the cores can serve if every CPU millisecond went to the measured
 * per-frame costs: cores x 1000 ms / (fps x (ffmpeg + agent + inference / gate multiplier)).
 */
export function cameraBudget(costs: FrameCosts, cores: number, fps: number): number {
  const perCameraMsPerSecond = fps * (costs.ffmpegMsPerFrame + costs.agentMsPerFrame + costs.inferenceMsPerRun / Math.max(1, costs.gateMultiplier));
  return perCameraMsPerSecond > 0 ? Math.floor((cores * 1_000) / perCameraMsPerSecond) : 0;
}

/**
 * A camera count is served when no analysis frame was dropped, the cameras delivered what they
 * send (ffmpeg kept up: a starved decoder drops frames before the agent could count them), and
 * 95% of frames were analysed within a second of arriving.
 */
export function isServed(result: Pick<PipelineResult, 'cameras' | 'droppedFrames' | 'offeredFps' | 'p95FrameLatencyMs'>, fps: number): boolean {
  return result.droppedFrames === 0 && result.offeredFps >= result.cameras * fps * 0.95 && result.p95FrameLatencyMs < 1_000;
}

export interface ServedSearch {
  /** The largest count found served. */
  served: number;
  tried: { cameras: number; served: boolean }[];
}

/**
 * The largest served camera count, searched from `start` (the budget): up by a quarter while
 * served, then halving the interval between the largest served and the smallest not served
 * count until they are within 5% (or one camera), in at most `maxTrials` runs.
 */
export async function searchServed(start: number, trial: (cameras: number) => Promise<boolean>, maxTrials = 7): Promise<ServedSearch> {
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  let next = Math.max(1, start);
  const tried: ServedSearch['tried'] = [];
  while (tried.length < maxTrials) {
    const served = await trial(next);
    tried.push({ cameras: next, served });
    if (served) lo = Math.max(lo, next);
    else hi = Math.min(hi, next);
    if (hi - lo <= Math.max(1, Math.ceil(lo * 0.05))) break;
    next = hi === Number.POSITIVE_INFINITY ? Math.max(lo + 1, Math.ceil(lo * 1.25)) : lo === 0 ? Math.max(1, Math.floor(hi * 0.75)) : Math.floor((lo + hi) / 2);
    if (next <= lo || next >= hi) break;
  }
  return { served: lo, tried };
}
