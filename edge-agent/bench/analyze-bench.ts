import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../src/paths.js';

export interface AnalyzeBenchResult {
  clip: string;
  clipSeconds: number;
  fps: number;
  frames: number;
  /** The whole `edge-agent analyze` process: start, model load, analysis, output. */
  wallSeconds: number;
  /** From the first frame read to the end of the file (the command's own figure). */
  analyseSeconds: number;
  analysedFps: number;
  /** Seconds of video per second of wall time (the whole process). */
  realtimeFactor: number;
  violations: number;
}

const CLIP_SECONDS = 90;
const FPS = 5;

/*
 * Every rule type on the clip, so the run pays for the tracker, the zone tests and the grey
 * background model of littering as a real config would.
 */
const config = {
  agent: { id: 'bench', ward: 'bench' },
  cameras: [
    {
      id: 'bench-cam',
      name: 'Benchmark camera',
      detect: { url: 'replaced-by-input.mp4', fps: FPS },
      zones: [
        { id: 'table', polygon: [[0.3, 0.55], [0.9, 0.55], [0.9, 1], [0.3, 1]], rules: [{ type: 'sidewalk_encroachment', graceSeconds: 8 }, { type: 'littering', graceSeconds: 8 }] },
        { id: 'floor', polygon: [[0, 0.4], [1, 0.4], [1, 1], [0, 1]], rules: [{ type: 'illegal_parking', graceSeconds: 10 }] },
      ],
    },
  ],
};

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `edge-agent analyze --json` (the built CLI, as a user runs it) on a 90 s clip at 5 fps: the
 * first 90 s of table-people-dwell.mp4 (people coming and going), re-encoded like a camera's
 * detect sub-stream (H.264, 640x360, 5 fps).
 */
export async function benchAnalyze(fixtureDir: string): Promise<AnalyzeBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'wardwatch-bench-analyze-'));
  try {
    const clip = join(dir, 'clip-90s.mp4');
    const encoded = await run('ffmpeg', [
      '-v', 'error', '-i', join(fixtureDir, 'table-people-dwell.mp4'), '-t', String(CLIP_SECONDS),
      '-vf', `fps=${FPS},scale=640:360`, '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-g', String(FPS * 2), '-y', clip,
    ]);
    if (encoded.code !== 0) throw new Error(`cannot make the benchmark clip: ${encoded.stderr.slice(-400)}`);
    const configPath = join(dir, 'agent.yaml');
    await writeFile(configPath, JSON.stringify(config));
    const bin = join(repoRoot(), 'edge-agent', 'bin', 'edge-agent.js');
    const started = performance.now();
    const result = await run(process.execPath, [bin, 'analyze', '--config', configPath, '--input', clip, '--json']);
    const wallSeconds = (performance.now() - started) / 1_000;
    if (result.code !== 0) throw new Error(`edge-agent analyze exited ${result.code}: ${result.stderr.slice(-400)}`);
    // "analyze: N violations; F frames (S s of video) in T s = ..." (the command's summary line).
    const summary = /(\d+) frames \(([\d.]+) s of video\) in ([\d.]+) s/.exec(result.stderr);
    const frames = Number(summary?.[1] ?? 0);
    const analyseSeconds = Number(summary?.[3] ?? wallSeconds);
    const round = (v: number): number => Math.round(v * 100) / 100;
    return {
      clip: `table-people-dwell.mp4, first ${CLIP_SECONDS} s, 640x360 H.264`,
      clipSeconds: Number(summary?.[2] ?? CLIP_SECONDS),
      fps: FPS,
      frames,
      wallSeconds: round(wallSeconds),
      analyseSeconds: round(analyseSeconds),
      analysedFps: round(frames / Math.max(0.001, analyseSeconds)),
      realtimeFactor: round(CLIP_SECONDS / wallSeconds),
      violations: result.stdout.split('\n').filter(Boolean).length,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
