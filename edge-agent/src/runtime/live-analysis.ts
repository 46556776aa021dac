import { canonicalJson } from '@wardwatch/contracts';
import type { CameraPipeline } from '../cameras/running-cameras.js';
import type { CameraConfig } from '../config/agent-config.schema.js';
import { poolCamera } from '../detect/create-detector.js';
import type { DetectorPool } from '../detect/detector-pool.js';
import { isNetworkUrl } from '../ffmpeg/ingest-args.js';
import type { Clock } from '../ingest/clock.js';
import type { FrameSource } from '../ingest/frame.js';
import type { Logger } from '../log/logger.js';
import { AnalysisPipeline, type EventContext } from '../pipeline/index.js';
import type { ViolationEvent } from '../rules/violation-event.js';
import { ReportedCasesFile } from './reported-cases-file.js';
import type { Stage } from './stages.js';
import { wallClockSource } from './wall-clock-source.js';

export interface LiveAnalysisOptions {
  pool: DetectorPool;
  timezone: string;
  clock: Clock;
  /** `agent.dataDir`: each camera's reported cases are kept under `reported/`. */
  dataDir: string;
  logger: Logger;
  onEvent: (event: ViolationEvent, context: EventContext) => void;
}

/**
 * The shared analysis pipeline as the agent runs it on live cameras. Each camera run gets a
 * fresh slot in the detector pool (a restarted camera counts its frames from 0 again, and a
 * reload may have changed its motion settings), and file cameras are moved onto the wall clock
 * so that violation times and record segments agree. What each camera reported outlives its
 * runs: it is read from disk when the camera first runs and handed to every later run (a
 * restart after a failure, a reload), so a car still standing there is not reported again.
 */
export function liveAnalysis(options: LiveAnalysisOptions): { pipeline: CameraPipeline; stage: Stage } {
  const { pool } = options;
  const reported = new Map<string, ReportedCasesFile>();
  const analysis = new AnalysisPipeline({
    pool,
    timezone: options.timezone,
    keepTriggerFrames: true,
    onEvent: options.onEvent,
    reportedCases: (camera) => reported.get(camera.id)?.cases,
  });
  /** The motion settings each running camera's gate was made with. */
  const gates = new Map<string, string>();
  const pipeline: CameraPipeline = {
    async run(camera: CameraConfig, source: FrameSource, signal: AbortSignal): Promise<void> {
      if (!reported.has(camera.id)) reported.set(camera.id, await ReportedCasesFile.open({ dataDir: options.dataDir, cameraId: camera.id, logger: options.logger, clock: options.clock }));
      pool.removeCamera(camera.id);
      pool.addCamera(camera.id, poolCamera(camera));
      gates.set(camera.id, canonicalJson(camera.motion));
      try {
        await analysis.run(camera, isNetworkUrl(camera.detect.url) ? source : wallClockSource(source, options.clock), signal);
      } finally {
        pool.removeCamera(camera.id);
        gates.delete(camera.id);
      }
    },
    update(camera: CameraConfig): void {
      if (!analysis.update(camera)) return;
      const motion = canonicalJson(camera.motion);
      if (gates.get(camera.id) === motion) return;
      pool.updateCamera(camera.id, poolCamera(camera));
      gates.set(camera.id, motion);
    },
  };
  // Stops after the cameras: every pipeline has ended, so the reported cases are final and are
  // written down now.
  const stage: Stage = {
    name: 'detector',
    start: () => Promise.resolve(),
    async stop() {
      analysis.close();
      await Promise.all([...reported.values()].map((file) => file.close()));
      await pool.close();
    },
  };
  return { pipeline, stage };
}
