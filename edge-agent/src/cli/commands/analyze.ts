import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { ConfigError, loadAgentConfig } from '../../config/index.js';
import type { AgentConfig, CameraConfig } from '../../config/agent-config.schema.js';
import { probeDurationSeconds } from '../../evidence/media-probe.js';
import { StreamFailure } from '../../ffmpeg/ffmpeg-error.js';
import { createLogger } from '../../log/logger.js';
import { ModelError } from '../../models/model-manifest.js';
import { analyzeFile } from '../../pipeline/analyze-file.js';
import { progressLine, reportTable } from '../../pipeline/report-format.js';

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Analyse a video file with the real pipeline and print the violations found',
  help: `Usage: edge-agent analyze --config FILE --input VIDEO [--camera ID] [--start ISO] [--json]

Runs the real pipeline on a video file as fast as the machine allows: ffmpeg decodes it at the
camera's detect.fps, the detector runs on every core (detector.workers), then the tracker and
the camera's zone rules. Every frame is analysed; nothing is skipped.

  --config, -c FILE   agent config; the camera's zones and rules apply, its detect.url is replaced
  --input, -i VIDEO   the video file
  --camera ID         which camera of the config (optional when it has one camera)
  --start ISO         wall-clock time of the first frame, for schedules (default: now)
  --json              one JSON object per violation on stdout (else a table)

Each violation (in trigger order, printed when the file is done so that endedAtS is known):
  {"rule","cameraId","zoneId","classes","trackIds","startedAtS","triggeredAtS","endedAtS",
   "triggeredAt","bbox":[x1,y1,x2,y2],"score","phase","key"}
Times are seconds from the start of the file; endedAtS is null when the stay lasted to the end;
bbox is in fractions of the frame; phase "renotified" is a repeat report of a long stay.
Progress and logs go to stderr (a progress bar on a terminal; LOG_LEVEL=info for more).
Exit codes: 0 done, 1 the video cannot be decoded or the analysis failed, 2 bad arguments,
config (e.g. unknown rule type, a camera without zones) or a missing input file.

Example:
  edge-agent analyze -c agent.yaml -i gate-2024-05-01.mp4 --start 2024-05-01T07:30:00+07:00 --json`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        config: { type: 'string', short: 'c' },
        input: { type: 'string', short: 'i' },
        camera: { type: 'string' },
        start: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const fail = (message: string, code: number = ExitCode.usage): number => {
      process.stderr.write(`analyze: ${message}\n`);
      return code;
    };
    if (!values.config || !values.input) return fail('--config FILE and --input VIDEO are required');
    const startMs = values.start === undefined ? Date.now() : Date.parse(values.start);
    if (Number.isNaN(startMs)) return fail(`--start "${values.start}" is not an ISO 8601 time (e.g. 2024-05-01T07:30:00+07:00)`);
    const inputError = await checkInput(values.input);
    if (inputError) return fail(inputError);

    let config: AgentConfig;
    try {
      config = await loadAgentConfig(values.config);
    } catch (error) {
      if (error instanceof ConfigError) return fail(error.message);
      throw error;
    }
    const camera = selectCamera(config, values.camera);
    if (typeof camera === 'string') return fail(camera);

    const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
    const tty = process.stderr.isTTY;
    const totalSeconds = tty ? await probeDurationSeconds(values.input).catch(() => undefined) : undefined;
    const abort = new AbortController();
    const onSignal = (): void => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const wallStart = performance.now();
    let lastDraw = 0;
    try {
      const result = await analyzeFile({
        config,
        camera,
        input: values.input,
        startMs,
        logger,
        ...(process.env.LOG_LEVEL ? { ingestLogger: logger } : {}),
        signal: abort.signal,
        ...(tty
          ? {
              onProgress: (p) => {
                const now = performance.now();
                if (now - lastDraw < 100) return;
                lastDraw = now;
                const fps = p.framesAnalysed / Math.max(0.001, (now - wallStart) / 1_000);
                process.stderr.write(`\r${progressLine(p.lastTimestampMs / 1_000, totalSeconds, p.reports, fps)}\x1b[K`);
              },
            }
          : {}),
      });
      if (tty) process.stderr.write('\r\x1b[K');
      process.stdout.write(values.json ? result.reports.map((r) => `${JSON.stringify(r)}\n`).join('') : reportTable(result.reports));
      const speed = result.mediaSeconds / Math.max(0.001, result.analyseSeconds);
      process.stderr.write(
        `analyze: ${result.reports.length} violation${result.reports.length === 1 ? '' : 's'}; ${result.frames} frames (${result.mediaSeconds.toFixed(1)} s of video) ` +
          `in ${result.analyseSeconds.toFixed(1)} s = ${(result.frames / Math.max(0.001, result.analyseSeconds)).toFixed(1)} fps, ${speed.toFixed(1)}x real time ` +
          `(${result.workers} detector workers; inferred ${result.detector?.inferred ?? 0}, gated ${result.detector?.gated ?? 0}, dropped ${result.detector?.dropped ?? 0})` +
          `${abort.signal.aborted ? '; interrupted before the end of the file' : ''}\n`,
      );
      return abort.signal.aborted ? ExitCode.failure : ExitCode.ok;
    } catch (error) {
      if (tty) process.stderr.write('\r\x1b[K');
      if (error instanceof StreamFailure) return fail(`cannot read ${values.input}: ${error.message}`, ExitCode.failure);
      if (error instanceof ModelError) return fail(error.message, ExitCode.failure);
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};

async function checkInput(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? undefined : `--input ${path} is not a file`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `--input ${path}: no such file` : `--input ${path}: cannot read it (${code ?? String(error)})`;
  }
}

/** The camera to analyse as, or why none can be chosen. */
function selectCamera(config: AgentConfig, id: string | undefined): CameraConfig | string {
  const ids = config.cameras.map((c) => c.id).join(', ');
  let camera: CameraConfig | undefined;
  if (id === undefined) {
    if (config.cameras.length > 1) return `the config has ${config.cameras.length} cameras (${ids}); choose one with --camera ID`;
    camera = config.cameras[0];
  } else {
    camera = config.cameras.find((c) => c.id === id);
    if (!camera) return `no camera "${id}" in the config (cameras: ${ids})`;
  }
  if (!camera) return 'the config has no camera';
  if (camera.zones.length === 0) return `camera "${camera.id}" has no zones, so there is nothing to look for; add zones with rules to the config`;
  return camera;
}
