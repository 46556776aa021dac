import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeScene, parkingScene, startPrivateRedis } from '@wardwatch/devkit';
import { stringify } from 'yaml';

/** REDIS_URL when set (CI), else a private redis-server; `stop` only stops what it started. */
export async function anyRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => undefined };
  const dataDir = await mkdtemp(join(tmpdir(), 'ww-run-redis-'));
  const redis = await startPrivateRedis({ dataDir, persist: false });
  return {
    url: redis.url,
    async stop() {
      await redis.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A car drives into the lot, stops inside the no-parking zone for a minute and leaves. A minute
 * is longer than any test here runs after the trigger, so one stay gives exactly one violation
 * however slow the machine is (no second loop of the clip starts before the test ends).
 */
export function parkedCarScene(): Promise<string> {
  return composeScene(parkingScene({ name: 'run-parked-car', stop: { x: 300, y: 200 }, arriveAt: 1, staySeconds: 60, tailSeconds: 2 }));
}

/** The zone the parked car stands in (its bottom centre), in 0..1 frame coordinates. */
export const PARKING_ZONE = [[0.3, 0.45], [0.78, 0.45], [0.78, 0.97], [0.3, 0.97]];

export interface CameraEntry {
  id: string;
  name?: string;
  url: string;
  zones?: unknown[];
  /** File cameras: play the file in a loop. */
  loop?: boolean;
  /** Detect fps (default 5). */
  fps?: number;
  /** The evidence (main) stream, when it is not the detect stream. */
  recordUrl?: string;
  /** RTSP transport (default tcp). */
  transport?: 'tcp' | 'udp';
}

/** An agent config file's text: short segments and evidence windows keep the tests quick. */
export function agentYaml(options: {
  agentId: string;
  /** Omitted: the default (`./data/agent`, relative to where the agent runs). */
  dataDir?: string;
  httpPort: number;
  cameras: CameraEntry[];
  console?: { url: string };
  redis?: { url: string; prefix: string };
  heartbeatSeconds?: number;
  evidence?: { preSeconds: number; postSeconds: number; audio?: boolean };
}): string {
  return stringify({
    agent: { id: options.agentId, ward: 'hoan-kiem', httpPort: options.httpPort, ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }), heartbeatSeconds: options.heartbeatSeconds ?? 5 },
    ...(options.console ? { console: options.console } : {}),
    ...(options.redis ? { redis: options.redis } : {}),
    evidence: options.evidence ?? { preSeconds: 3, postSeconds: 2 },
    cameras: options.cameras.map((camera) => ({
      id: camera.id,
      name: camera.name ?? `Camera ${camera.id}`,
      detect: { url: camera.url, fps: camera.fps ?? 5, ...(camera.loop === undefined ? {} : { loop: camera.loop }), ...(camera.transport ? { transport: camera.transport } : {}) },
      record: { ...(camera.recordUrl ? { url: camera.recordUrl } : {}), segmentSeconds: 2, cacheMinutes: 5 },
      watchdog: { noFrameSeconds: 10, backoffInitialSeconds: 0.5, backoffMaxSeconds: 2 },
      zones: camera.zones ?? [],
    })),
  });
}

export function parkingZone(graceSeconds: number, polygon: number[][] = PARKING_ZONE): unknown {
  return { id: 'no-parking-gate', name: 'Lối vào cổng sau', polygon, rules: [{ type: 'illegal_parking', graceSeconds }] };
}
