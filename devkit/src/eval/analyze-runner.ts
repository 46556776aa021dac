import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ruleType } from '@wardwatch/contracts';
import type { ZoneConfig } from '@wardwatch/contracts/site-config';
import { z } from 'zod';
import { repoRoot } from '../paths.js';
import type { ReportedCase } from './score.js';

/*
 * Runs the installed `edge-agent analyze --json` binary on a video, as a user would, with a
 * one-camera config written to a temp folder. The evaluation talks to the agent only through
 * that command line and its JSON lines.
 */

const execFileP = promisify(execFile);

/** A fixed wall clock for the first frame: the reports' triggeredAt then never differs between runs. */
const START = '2025-03-03T08:00:00+07:00';

const reportLine = z.object({
  rule: ruleType,
  zoneId: z.string(),
  startedAtS: z.number(),
  triggeredAtS: z.number(),
  endedAtS: z.number().nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  classes: z.array(z.string()),
  trackIds: z.array(z.number()),
  phase: z.enum(['triggered', 'renotified']),
  key: z.string(),
});

/** `edge-agent analyze` exited with an error or printed something that is not a report. */
export class AnalyzeFailed extends Error {
  constructor(
    readonly input: string,
    readonly exitCode: number | string | undefined,
    readonly stderrTail: string,
  ) {
    super(`edge-agent analyze on ${input} failed (exit ${String(exitCode)}): ${stderrTail}`);
    this.name = 'AnalyzeFailed';
  }
}

export interface AnalyzeRequest {
  input: string;
  /** The camera's detect.fps. */
  fps: number;
  zones: ZoneConfig[];
  /** Detector threads for this analysis (the eval runs several analyses side by side). */
  detectorWorkers?: number;
}

export interface AnalyzeOutcome {
  reports: ReportedCase[];
  /** The agent's summary line (frames, speed, detector counts). */
  summary: string;
  wallS: number;
}

export function edgeAgentBin(): string {
  return join(repoRoot(), 'node_modules', '.bin', 'edge-agent');
}

export async function analyzeVideo(request: AnalyzeRequest): Promise<AnalyzeOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'ww-eval-'));
  try {
    const config = {
      agent: { id: 'eval', ward: 'eval' },
      ...(request.detectorWorkers === undefined ? {} : { detector: { workers: request.detectorWorkers } }),
      cameras: [{ id: 'cam-1', name: 'Evaluation camera', detect: { url: request.input, fps: request.fps }, zones: request.zones }],
    };
    const file = join(dir, 'agent.json');
    await writeFile(file, JSON.stringify(config, null, 2));
    const started = performance.now();
    let stdout: string;
    let stderr: string;
    try {
      ({ stdout, stderr } = await execFileP(edgeAgentBin(), ['analyze', '--config', file, '--input', request.input, '--start', START, '--json'], {
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, LOG_LEVEL: 'warn' },
      }));
    } catch (error) {
      const e = error as { code?: number | string; stderr?: string; message: string };
      throw new AnalyzeFailed(request.input, e.code, tail(e.stderr ?? e.message));
    }
    const wallS = (performance.now() - started) / 1000;
    const reports = stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const parsed = reportLine.safeParse(JSON.parse(line));
        if (!parsed.success) throw new AnalyzeFailed(request.input, 0, `unexpected report line: ${line}`);
        return parsed.data;
      });
    return { reports, summary: stderr.trim().split('\n').filter((l) => l.startsWith('analyze:')).at(-1) ?? '', wallS };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function tail(text: string): string {
  const lines = text.trim().split('\n');
  return lines.slice(-6).join('\n');
}
