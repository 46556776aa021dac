import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stationaryIntervals, type SceneSpec } from '@wardwatch/devkit';
import type { Box } from '../../src/detect/detection.js';
import type { ViolationReport } from '../../src/pipeline/violation-report.js';
import { repoRoot } from '../../src/paths.js';

/*
 * Runs the installed `edge-agent analyze` binary (built by `npx tsc -b`) on a config written to a
 * temp dir, as a user would, and parses its --json output.
 */

const execFileP = promisify(execFile);
const bin = join(repoRoot(), 'node_modules', '.bin', 'edge-agent');

export type Polygon = [number, number][];

export interface ZoneInput {
  id: string;
  polygon: Polygon;
  rules: Record<string, unknown>[];
}

/** A one-camera agent config (YAML is a superset of JSON, so JSON text is a valid file). */
export function agentConfig(zones: ZoneInput[], camera: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agent: { id: 'analyze-test', ward: 'hoan-kiem' },
    cameras: [{ id: 'cam-1', name: 'Test camera', detect: { url: 'placeholder.mp4', fps: 5 }, ...camera, zones }],
  };
}

export interface AnalyzeResult {
  code: number;
  stdout: string;
  stderr: string;
  reports: ViolationReport[];
}

export class AnalyzeRunner {
  private dir: string | undefined;
  private n = 0;

  async writeConfig(config: unknown): Promise<string> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'ww-analyze-'));
    const file = join(this.dir, `config-${++this.n}.yaml`);
    await writeFile(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
    return file;
  }

  /** `edge-agent analyze --config <config> --input <input> --json ...extra` (a config object or YAML text). */
  async analyze(config: unknown, input: string, extra: string[] = [], json = true): Promise<AnalyzeResult> {
    const file = await this.writeConfig(config);
    const args = ['analyze', '--config', file, '--input', input, ...(json ? ['--json'] : []), ...extra];
    let result: Omit<AnalyzeResult, 'reports'>;
    try {
      const { stdout, stderr } = await execFileP(bin, args, { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, LOG_LEVEL: 'warn' } });
      result = { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      result = { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
    const reports = result.code === 0 && json ? result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ViolationReport) : [];
    return { ...result, reports };
  }

  async cleanup(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

export const asBox = (bbox: readonly number[]): Box => ({ x1: bbox[0]!, y1: bbox[1]!, x2: bbox[2]!, y2: bbox[3]! });

/** The lot backgrounds are 768x432 output pixels. */
export const LOT = { width: 768, height: 432 } as const;

/** Ground truth of a composed one-car scene: where (frame fractions) and when the car stands still. */
export function parkedTruth(spec: SceneSpec): { box: Box; fromS: number; toS: number } {
  const sprite = spec.sprites[0]!;
  const scale = sprite.scale ?? 1;
  const still = stationaryIntervals(sprite)[0];
  if (!still) throw new Error(`scene ${spec.name} has no stop`);
  const w = (sprite.crop.w * scale) / LOT.width;
  const h = (sprite.crop.h * scale) / LOT.height;
  const x = still.x / LOT.width;
  const y = still.y / LOT.height;
  return { box: { x1: x, y1: y, x2: x + w, y2: y + h }, fromS: still.from, toS: still.to };
}

/** A rectangle polygon around a box, `margin` frame fractions wider on each side. */
export function around(box: Box, margin: number): Polygon {
  const x1 = Math.max(0, box.x1 - margin);
  const y1 = Math.max(0, box.y1 - margin);
  const x2 = Math.min(1, box.x2 + margin);
  const y2 = Math.min(1, box.y2 + margin);
  return [[x1, y1], [x2, y1], [x2, y2], [x1, y2]];
}
