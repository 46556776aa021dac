import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, pollUntil } from '@wardwatch/devkit';
import { afterAll, describe, expect, it } from 'vitest';
import { RunningCameras, type CameraPipeline } from '../../src/cameras/running-cameras.js';
import { agentConfigSchema } from '../../src/config/agent-config.schema.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { memoryLogger } from './ingest-support.js';

describe('a camera whose analysis fails', () => {
  let agent: RunningCameras | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await agent?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('is restarted after a backoff and analysed again, instead of streaming blind', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ww-recovery-'));
    const config = agentConfigSchema.parse({
      agent: { id: 'agent-recovery', ward: 'phuc-xa', dataDir },
      cameras: [{ id: 'cam-a', name: 'Gate A', detect: { url: fixturePath('lot-drive-through.mp4'), fps: 5, loop: true }, record: { segmentSeconds: 2, cacheMinutes: 1 } }],
    });
    const runs: number[] = [];
    // The first run fails on its third frame, as a rule that throws on a bad event would.
    const pipeline: CameraPipeline = {
      async run(_camera, source) {
        const run = runs.push(0) - 1;
        for await (const frame of source.frames()) {
          void frame;
          runs[run] = (runs[run] ?? 0) + 1;
          if (run === 0 && runs[run] === 3) throw new Error('rule crashed');
        }
      },
    };
    const log = memoryLogger();
    agent = new RunningCameras(config, { registry: createRegistry(), logger: log.logger, pipeline });
    await agent.start();
    await pollUntil('a second pipeline run with frames', () => ((runs[1] ?? 0) >= 5 ? true : undefined), { timeoutMs: 60_000 });
    expect(runs[0]).toBe(3);
    expect(log.text()).toContain('camera pipeline failed; restarting the camera');
  });
});
