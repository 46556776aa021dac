import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, pollUntil } from '@wardwatch/devkit';
import { afterAll, describe, expect, it } from 'vitest';
import { agentConfigSchema, type AgentConfigInput } from '../../src/config/agent-config.schema.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { AgentRuntime } from '../../src/runtime/agent-runtime.js';
import { memoryLogger } from '../ingest/ingest-support.js';
import { PARKING_ZONE, parkedCarScene } from './run-fixtures.js';

describe('a zone edit on a running camera', () => {
  let runtime: AgentRuntime | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps its ffmpeg and restart counter, and the rule fires in the new zone', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ww-zone-edit-'));
    const lot = await parkedCarScene();
    const input = (zone: number[][]): AgentConfigInput => ({
      agent: { id: 'agent-zone-edit', ward: 'hoan-kiem', dataDir: dataDir! },
      detector: { workers: 1 },
      evidence: { preSeconds: 2, postSeconds: 1 },
      cameras: [
        // Real ffmpeg on the fixture files, looped and paced like a camera.
        { id: 'cam-lot', name: 'Lot', detect: { url: lot, fps: 5, loop: true }, record: { segmentSeconds: 2, cacheMinutes: 1 }, zones: [{ id: 'no-parking-gate', polygon: zone as [number, number][], rules: [{ type: 'illegal_parking', graceSeconds: 3 }] }] },
        { id: 'cam-table', name: 'Table', detect: { url: fixturePath('table-people-dwell.mp4'), fps: 5, loop: true }, record: { segmentSeconds: 2, cacheMinutes: 1 } },
      ],
    });
    const log = memoryLogger();
    // The zone starts in a corner where nothing ever stands.
    runtime = await AgentRuntime.start({ config: agentConfigSchema.parse(input([[0, 0], [0.15, 0], [0.15, 0.15], [0, 0.15]])), registry: createRegistry(), logger: log.logger, httpPort: 0 });
    const agent = runtime.cameras;
    await pollUntil('both cameras up', () => (agent.health().every((c) => c.state === 'up') ? true : undefined), { timeoutMs: 60_000 });
    const pids = { lot: agent.ingest('cam-lot')!.ffmpegPid, table: agent.ingest('cam-table')!.ffmpegPid };
    expect(pids.lot).toBeGreaterThan(0);
    const triggered = () => log.lines().filter((l) => l.event === 'violation_triggered');
    // A few seconds of frames: the corner zone reports nothing.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(triggered()).toEqual([]);

    const outcome = await runtime.reload(agentConfigSchema.parse(input(PARKING_ZONE)));
    expect(outcome.changes.updated.map((c) => c.id)).toEqual(['cam-lot']);
    expect(outcome.changes.changed).toEqual([]);
    expect(outcome.changes.unchanged).toEqual(['cam-table']);

    const violation = await pollUntil('a violation in the new zone', () => triggered()[0], { timeoutMs: 100_000, intervalMs: 250 });
    expect(violation).toMatchObject({ camera: 'cam-lot', zone: 'no-parking-gate', rule: 'illegal_parking' });
    expect(agent.ingest('cam-lot')!.ffmpegPid).toBe(pids.lot);
    expect(agent.ingest('cam-table')!.ffmpegPid).toBe(pids.table);
    expect(agent.health().map((c) => [c.id, c.state, c.restarts])).toEqual([['cam-lot', 'up', 0], ['cam-table', 'up', 0]]);
  }, 200_000);
});
