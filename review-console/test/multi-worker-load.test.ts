import { describe, expect, it } from 'vitest';
import { runClusterLoad } from '../bench/cluster-load.js';
import { realClip, realSnapshot } from './support/evidence.js';
import { postgresUrl } from './support/test-databases.js';

const url = await postgresUrl();

// `npm run bench -- --only console` runs the same with 50 agents x 200 violations and prints the figures.
describe.skipIf(!url)('two console workers and two API processes on one PostgreSQL', () => {
  it('stores every violation of many agents exactly once while a worker is killed mid-run', async () => {
    const result = await runClusterLoad({
      postgresUrl: url!,
      agents: 12,
      violationsPerAgent: 15,
      workers: 2,
      apis: 2,
      killWorkerAt: 1 / 3,
      // The dead worker's jobs go to the other within seconds instead of BullMQ's 30 s lock; not
      // so short that a busy machine's pause takes a live worker's job from it.
      lockSeconds: 6,
      clip: realClip(),
      snapshot: realSnapshot(),
      timeoutMs: 240_000,
    });
    console.log(
      `multi-worker load: ${result.violations} violations from ${result.agents} agents in ${result.seconds.toFixed(1)} s (${result.jobsPerSecond.toFixed(0)}/s), ` +
        `upload-to-stored p95 ${result.latencyMs.p95} ms; worker-1 killed after ${result.killed?.afterStored} stored holding ${result.killed?.orphaned} jobs, ${result.jobsTakenAgain} jobs taken again, all stored ${result.killed?.allStoredMsAfter} ms and every job completed ${result.killed?.allCompletedMsAfter} ms after`,
    );
    expect(result.missing).toEqual([]);
    expect(result.stored).toBe(180);
    expect(result.extraCases).toBe(0);
    expect(result.mediaMismatches).toBe(0);
    expect(result.failedJobs).toBe(0);
    expect(result.killed).not.toBeNull();
    expect(result.killed!.afterStored).toBeLessThan(180);
    // It died holding jobs, and the other worker finished them (stored once, above).
    expect(result.killed!.orphaned).toBeGreaterThan(0);
    expect(result.jobsTakenAgain).toBeGreaterThanOrEqual(result.killed!.orphaned);
  }, 300_000);
});
