import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@wardwatch/devkit';
import { afterAll, describe, expect, it } from 'vitest';
import { agentConfigSchema } from '../../src/config/agent-config.schema.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { AgentRuntime } from '../../src/runtime/agent-runtime.js';
import type { Stage } from '../../src/runtime/stages.js';
import { memoryLogger } from '../ingest/ingest-support.js';

/*
 * The agent's lifecycle as `edge-agent run` drives it: every stage starts in the order of
 * AgentRuntime's list and stops in the reverse one, the console sync (attached last) first.
 * The order is read from what the agent logs, and the cameras' ffmpeg must be gone before the
 * detector and the evidence stop.
 */
describe('an agent started and stopped', () => {
  let runtime: AgentRuntime | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts its stages in order and stops them in reverse', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ww-stop-order-'));
    const config = agentConfigSchema.parse({
      agent: { id: 'agent-stop-order', ward: 'hoan-kiem', dataDir },
      detector: { workers: 1 },
      cameras: [{ id: 'cam-table', name: 'Table', detect: { url: fixturePath('table-people-dwell.mp4'), fps: 5, loop: true } }],
    });
    const log = memoryLogger();
    runtime = await AgentRuntime.start({ config, registry: createRegistry(), logger: log.logger, httpPort: 0 });
    const sync: Stage = { name: 'config-sync', start: () => Promise.resolve(), stop: () => Promise.resolve() };
    await runtime.attach(sync);
    const status = (await (await fetch(`http://127.0.0.1:${runtime.httpPort}/status`)).json()) as { cameras: { id: string }[] };
    expect(status.cameras.map((c) => c.id)).toEqual(['cam-table']);

    const running = runtime;
    const ffmpeg = running.ffmpegPids();
    expect(ffmpeg).toHaveLength(1);
    await running.stop();
    const said = log.lines();
    const stages = (event: string): string[] => said.filter((l) => l.event === event).map((l) => String(l.stage));
    expect(stages('stage_started')).toEqual(['http', 'delivery', 'evidence', 'detector', 'cameras', 'config-sync']);
    expect(stages('stage_stopped')).toEqual(['config-sync', 'cameras', 'detector', 'evidence', 'delivery', 'http']);
    // The cameras stage ends only once its ffmpeg has exited, before the detector is closed.
    expect(said.findIndex((l) => l.msg === 'cameras stopped')).toBeLessThan(said.findIndex((l) => l.event === 'stage_stopped' && l.stage === 'cameras'));
    expect(ffmpeg.filter(alive)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${running.httpPort}/healthz`)).rejects.toThrow();
  }, 120_000);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
