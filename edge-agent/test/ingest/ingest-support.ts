import { readdir, readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { RunningCameras, type RunningCamerasDeps } from '../../src/cameras/running-cameras.js';
import { cameraSchema, type AgentConfig, type CameraConfig } from '../../src/config/agent-config.schema.js';
import { startAgentHttpServer } from '../../src/http/agent-http-server.js';
import { createLogger, type Logger } from '../../src/log/logger.js';

export function camera(input: Record<string, unknown> & { id: string; detect: Record<string, unknown> }): CameraConfig {
  return cameraSchema.parse({ name: `Camera ${input.id}`, ...input });
}

export interface ServedCameras {
  cameras: RunningCameras;
  /** The HTTP endpoint's base URL (/status, /metrics, /healthz). */
  url: string;
  stop(): Promise<void>;
}

/**
 * The agent's cameras and its HTTP endpoint, without the detector or delivery: for ingest tests
 * that bring their own pipeline (or none) and read /status and /metrics as an installer would.
 */
export async function serveCameras(config: AgentConfig, deps: RunningCamerasDeps): Promise<ServedCameras> {
  const cameras = new RunningCameras(config, deps);
  await cameras.start();
  const http = await startAgentHttpServer({ host: '127.0.0.1', port: 0, registry: deps.registry, status: () => ({ cameras: cameras.health() }), healthy: () => cameras.running, logger: deps.logger });
  let stopped: Promise<void> | undefined;
  return {
    cameras,
    url: `http://127.0.0.1:${http.port}`,
    stop: () =>
      (stopped ??= (async () => {
        await cameras.stop();
        await http.close();
      })()),
  };
}

/** A logger whose lines stay in memory, so a test can read what the agent said. */
export function memoryLogger(): { logger: Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  return {
    logger,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Open file descriptors of this process. */
export async function openFds(): Promise<number> {
  return (await readdir('/proc/self/fd')).length;
}

/** Live child processes of this process (zombies count: they are leaks too). */
export async function childPids(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces): state, ppid, ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid) pids.push(Number(entry));
    } catch {
      // The process ended while we were looking: not a child any more.
    }
  }
  return pids;
}

/** One sample of a Prometheus text exposition, by name and labels. */
export function metricValue(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    if (wanted.every((w) => labelText.split(',').includes(w))) return Number(line.slice(line.indexOf('}') + 1).trim());
  }
  return undefined;
}
