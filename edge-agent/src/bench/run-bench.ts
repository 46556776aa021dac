import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { DetectorPool } from '../detect/detector-pool.js';
import { defaultDetectionSettings } from '../detect/detector.js';
import { fetchModel } from '../models/model-fetch.js';
import { loadModelManifest } from '../models/model-manifest.js';
import { sharedDir } from '../paths.js';
import { prepareSources } from './bench-sources.js';
import { measureOrtCeiling } from './ort-ceiling.js';
import { runPipeline, type PipelineResult } from './pipeline-bench.js';

export interface BenchOptions {
  /** Measured seconds per pipeline configuration (after warm-up). */
  seconds?: number;
  cameraCounts?: number[];
  log?: (line: string) => void;
}

export interface BenchLine extends PipelineResult {
  ortLimitFps: number;
  ratio: number;
  fps: number;
  cores: number;
  cpu: string;
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
  const ceiling = async (): Promise<number> => {
    const measured = await measureOrtCeiling(manifest, modelPath, cores, 4_000);
    log(`ceiling: ${cores} single-threaded sessions on a static tensor: ${measured.fps.toFixed(1)}/s (${measured.msPerRun.toFixed(1)} ms per run)`);
    return Math.round(measured.fps * 10) / 10;
  };
  const firstCeiling = await ceiling();
  // Cameras the ceiling can serve without the gate, and the count that just overloads it.
  const servedUngated = Math.floor(firstCeiling / fps);
  const saturating = Math.ceil((firstCeiling * 1.15) / fps);
  const base = options.cameraCounts ?? [1, 2, 4, 8];
  const plan: { cameras: number; gating: boolean }[] = [
    ...[...new Set([...base, saturating])].sort((a, b) => a - b).map((cameras) => ({ cameras, gating: false })),
    ...[...new Set([...base, 2 * servedUngated])].sort((a, b) => a - b).map((cameras) => ({ cameras, gating: true })),
  ];
  const { sources, cleanup } = await prepareSources(join(sharedDir(), 'fixtures'), cameraFixtures, fps);
  const lines: BenchLine[] = [];
  let pool: DetectorPool | undefined;
  try {
    for (const step of plan) {
      // The ceiling is measured again right before each configuration (with the pool's sessions
      // closed), so a machine shared with other work compares like with like.
      await pool?.close();
      const ortLimitFps = lines.length === 0 ? firstCeiling : await ceiling();
      pool = await DetectorPool.start({ manifest, modelPath, settings: defaultDetectionSettings, workers: cores, intraOpThreads: 1 });
      log(`pipeline: ${step.cameras} cameras at ${fps} fps, gating ${step.gating ? 'on' : 'off'}`);
      const result = await runPipeline(pool, { ...step, fps, warmupSeconds: 3, seconds, size: manifest.input.width, sources });
      const line = { ...result, ortLimitFps, ratio: Math.round((result.pipelineFps / ortLimitFps) * 100) / 100, fps, cores, cpu: cpus()[0]?.model ?? 'unknown' };
      lines.push(line);
      emit(line);
    }
  } finally {
    await pool?.close();
    await cleanup();
  }
  return lines;
}
