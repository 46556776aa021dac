#!/usr/bin/env node
// `npm run bench`: the detector's raw ceiling and the full camera pipeline, in one run.
// Prints one JSON line per configuration, then a short table and the acceptance checks.
// Options: --seconds N (measured seconds per configuration, default 10), --cameras 1,2,4,8,
// --fixtures a.mp4,b.avi (the clips cameras play in turn; default: the long real scenes),
// --only pipeline|analyze|console|queue (one part: the detector/camera pipeline, `edge-agent analyze` on a
// 90 s clip, the review console's list, dashboard and ingest figures on 100,000 cases, or the
// review queue with 1,000 waiting cases in Debian's Chromium).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, cameras: { type: 'string' }, fixtures: { type: 'string' }, only: { type: 'string' } } });
if (values.only !== undefined && !['pipeline', 'analyze', 'console', 'queue'].includes(values.only)) {
  console.error('bench: --only must be pipeline, analyze, console or queue');
  process.exit(2);
}
// The benchmarks are dev code next to the tests (edge-agent/bench, review-console/bench) and are
// not part of the built product in dist/: like the tests, they run from the TypeScript sources,
// through tsx. `edge-agent analyze` is timed as users run it, from the built CLI.
const { register } = await import('tsx/esm/api');
register();
const { runBench } = await import('../edge-agent/bench/run-bench.ts');
const { isServed } = await import('../edge-agent/bench/served-search.ts');
const { benchAnalyze } = await import('../edge-agent/bench/analyze-bench.ts');

// `edge-agent analyze` throughput: a 90 s clip at 5 fps must take well under 90 s.
async function analyzeSection() {
  process.stderr.write('# analyze: edge-agent analyze --json on a 90 s clip at 5 fps\n');
  const result = await benchAnalyze(join(import.meta.dirname, '..', '..', 'shared', 'fixtures'));
  process.stdout.write(`${JSON.stringify({ bench: 'analyze', ...result })}\n`);
  console.log(
    `\nanalyze: ${result.clipSeconds} s clip at ${result.fps} fps (${result.frames} frames) in ${result.wallSeconds} s wall ` +
      `(${result.analyseSeconds} s analysing = ${result.analysedFps} frames/s; ${result.realtimeFactor}x real time; ${result.violations} violation${result.violations === 1 ? '' : 's'}) ` +
      `(target: well under ${result.clipSeconds} s: ${result.wallSeconds < result.clipSeconds / 2 ? 'met' : 'not met'})`,
  );
}

// The review console: list-query and dashboard p95 on 100,000 cases (SQLite and PostgreSQL), and
// sustained worker ingest on SQLite.
async function consoleSection() {
  process.stderr.write('# console: 100,000 cases in SQLite and PostgreSQL, then worker ingest\n');
  const { runConsoleBench } = await import('../review-console/bench/console-bench.ts');
  const result = await runConsoleBench({ log: (line) => process.stderr.write(`# ${line}\n`) });
  process.stdout.write(`${JSON.stringify({ bench: 'console', ...result })}\n`);
  const row = (name, b) => ('skipped' in b ? `${name}: skipped (${b.skipped})` : `${name}: list p95 ${b.p95Ms.toFixed(1)} ms (target < ${result.targets.listP95Ms}); dashboard summary p95 by groupBy ${Object.entries(b.summary.byGroup ?? {}).map(([g, v]) => `${g} ${Number(v.p95Ms ?? v).toFixed(0)}`).join(', ')} ms (target < ${result.targets.summaryP95Ms})`);
  console.log(`\nconsole, ${result.sqlite.cases} cases`);
  console.log(row('  sqlite', result.sqlite));
  console.log(row('  postgres', result.postgres));
  console.log('skipped' in result.ingest ? `  ingest: skipped (${result.ingest.skipped})` : `  ingest (sqlite): ${Math.round(result.ingest.jobsPerSecond)} jobs/s (target >= ${result.targets.ingestJobsPerSecond})`);
  console.log(`  console targets: ${result.pass ? 'met' : 'not met'}`);

  // Issue 23: a district's console on one PostgreSQL: two workers (one killed mid-run) and two API
  // processes fed by 50 simulated agents; every violation stored exactly once.
  process.stderr.write('# console: 50 agents x 200 violations with media, 2 workers (one killed) and 2 API processes on PostgreSQL\n');
  const { runClusterLoad } = await import('../review-console/bench/cluster-load.ts');
  const { postgresUrl } = await import('../review-console/test/support/test-databases.ts');
  const { realClip, realSnapshot } = await import('../review-console/test/support/evidence.ts');
  const pgForLoad = await postgresUrl();
  if (!pgForLoad) console.log('  multi-worker load: skipped (no PostgreSQL; set TEST_DATABASE_URL)');
  else {
    const load = await runClusterLoad({ postgresUrl: pgForLoad, agents: 50, violationsPerAgent: 200, clip: realClip(), snapshot: realSnapshot(), log: (line) => process.stderr.write(`# ${line}\n`) });
    process.stdout.write(`${JSON.stringify({ bench: 'cluster-load', ...load, missing: load.missing.length })}\n`);
    const exactlyOnce = load.missing.length === 0 && load.extraCases === 0 && load.mediaMismatches === 0 && load.failedJobs === 0;
    console.log(
      `  multi-worker load (postgres, ${load.workers} workers, ${load.apis} APIs): ${load.violations} violations from ${load.agents} agents, ${load.jobsPerSecond.toFixed(0)} jobs/s, ` +
        `upload-to-stored p50 ${load.latencyMs.p50} ms, p95 ${load.latencyMs.p95} ms, max ${load.latencyMs.max} ms; ` +
        `worker killed holding ${load.killed?.orphaned} jobs, all completed ${((load.killed?.allCompletedMsAfter ?? 0) / 1_000).toFixed(1)} s after (lock 30 s); ` +
        `${exactlyOnce ? 'exactly once' : `NOT exactly once: ${load.missing.length} missing, ${load.extraCases} extra, ${load.mediaMismatches} media, ${load.failedJobs} failed`}`,
    );
  }

  // Issue 19: sign-ins sprayed with made-up names must not stall evidence reads or agent uploads.
  process.stderr.write('# console: clip GET and agent upload under 60 concurrent sign-ins\n');
  const { runLoginSprayBench } = await import('../review-console/bench/login-spray-bench.ts');
  const spray = await runLoginSprayBench({ fixturesDir: join(import.meta.dirname, '..', '..', 'shared', 'fixtures'), log: (line) => process.stderr.write(`# ${line}\n`) });
  process.stdout.write(`${JSON.stringify({ bench: 'login-spray', ...spray })}\n`);
  console.log(
    `  login spray: clip GET p95 ${spray.spray.clipGetP95Ms} ms (quiet ${spray.quiet.clipGetP95Ms}), upload p95 ${spray.spray.uploadP95Ms} ms (quiet ${spray.quiet.uploadP95Ms}) ` +
      `under ${spray.concurrentLogins} concurrent sign-ins, ${spray.loginsAnswered} answered in ${spray.seconds} s (target < ${spray.targets.p95Ms} ms: ${spray.pass ? 'met' : 'not met'})`,
  );
}

// The review queue in a real browser: 1,000 waiting cases published like agents publish them, the
// time to the first rows after navigation and to the last row when scrolled to the end. The
// browser test measures; this prints what it wrote.
async function queueSection() {
  process.stderr.write('# queue: 1,000 waiting cases in Chromium (review-console/test/browser/queue-scale.test.ts)\n');
  const root = join(import.meta.dirname, '..');
  const out = join(root, 'review-console', 'test-results', 'queue-figures.json');
  rmSync(out, { force: true });
  const run = spawnSync('npx', ['vitest', 'run', 'review-console/test/browser/queue-scale.test.ts', '-t', 'a thousand waiting cases'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  let figures;
  try {
    figures = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    console.log(`\nqueue: no figures (the browser test exited ${run.status})`);
    return;
  }
  process.stdout.write(`${JSON.stringify({ bench: 'queue', ...figures })}\n`);
  const met = figures.firstRenderMs < figures.target.firstRenderMs && figures.scrollToEndMs < figures.target.scrollToEndMs;
  console.log(
    `\nqueue, ${figures.cases} waiting cases in Chromium: first rows ${figures.firstRenderMs} ms after navigation, scrolled to the last ${figures.scrollToEndMs} ms, longest task ${figures.longestTaskMs} ms (target < 1000 ms each: ${met ? 'met' : 'not met'})`,
  );
}

if (values.only === 'queue') {
  await queueSection();
  process.exit(0);
}
if (values.only === 'analyze') {
  await analyzeSection();
  process.exit(0);
}
if (values.only === 'console') {
  await consoleSection();
  process.exit(0);
}

const servedResults = [];
const lines = await runBench(
  {
    seconds: values.seconds ? Number(values.seconds) : undefined,
    cameraCounts: values.cameras ? values.cameras.split(',').map(Number) : undefined,
    fixtures: values.fixtures ? values.fixtures.split(',') : undefined,
    log: (line) => process.stderr.write(`# ${line}\n`),
    onServed: (result) => {
      servedResults.push(result);
      process.stdout.write(`${JSON.stringify({ bench: 'served', ...result })}\n`);
    },
  },
  (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
);

const pad = (v, n) => String(v).padStart(n);
console.log(`\n${lines[0]?.cpu ?? ''}, ${lines[0]?.cores ?? '?'} cores; ortLimitFps measured before each configuration`);
console.log('cameras gating   ceiling offered/s pipeline/s inferred/s ratio cpuRatio dropped  rssMb  p95ms ffmpeg-ms/f agent-ms/f');
for (const l of lines) {
  console.log(
    `${pad(l.cameras, 7)} ${pad(l.gating ? 'on' : 'off', 6)} ${pad(l.ortLimitFps, 9)} ${pad(l.offeredFps, 9)} ${pad(l.pipelineFps, 10)} ${pad(l.inferredFps, 10)} ${pad(l.ratio.toFixed(2), 5)} ${pad(l.cpuRatio.toFixed(2), 8)} ${pad(l.droppedFrames, 7)} ${pad(l.rssMb, 6)} ${pad(l.p95FrameLatencyMs, 6)} ${pad(l.ffmpegCpuMsPerFrame, 11)} ${pad(l.agentCpuMsPerFrame, 10)}`,
  );
}

const off = lines.filter((l) => !l.gating);
const saturated = off.at(-1);
const served = (gating) => Math.max(0, ...lines.filter((l) => l.gating === gating && isServed(l, l.fps)).map((l) => l.cameras));
const servedOff = served(false);
const servedOn = served(true);
const one = off.find((l) => l.cameras === 1);
const eight = off.find((l) => l.cameras === 8);
const perCamera = one && eight ? (eight.rssMb - one.rssMb) / 7 : NaN;
console.log(
  `\ngating off, saturated (${saturated?.cameras} cameras): pipelineFps/ortLimitFps = ${saturated?.ratio.toFixed(2)}, by CPU time ${saturated?.cpuRatio.toFixed(2)} (target >= 0.90)`,
);
// What decoding alone leaves: every camera frame is decoded whether or not it is then inferred, so
// the detector gets at best the cores the cameras' ffmpeg processes leave.
const bound = saturated?.decodeBound;
if (bound && 'skipped' in bound) console.log(`decode bound: skipped (${bound.skipped})`);
else if (bound) {
  console.log(
    `decode bound: ${bound.cameras} real RTSP cameras through the agent's own ffmpeg command, no detector: ${bound.deliveredFps} frames/s at ${bound.ffmpegCpuMsPerFrame} ms each = ${bound.ffmpegCores} of ${bound.cores} cores, so pipelineFps/ortLimitFps cannot exceed ${bound.ratioBound} at this count on this machine, whatever the agent does (the camera simulator used ${bound.simulatorCores} more)`,
  );
}
const doubled = lines.filter((l) => l.gating).at(-1);
const doubledOk = doubled && isServed(doubled, doubled.fps);
console.log(`5-fps cameras served without drops: gating off ${servedOff}, gating on ${servedOn}`);
const gatedLines = lines.filter((l) => l.gating && l.inferredFps > 0);
const gain = gatedLines.reduce((sum, l) => sum + l.pipelineFps, 0) / Math.max(0.001, gatedLines.reduce((sum, l) => sum + l.inferredFps, 0));
console.log(`gate multiplier on these fixtures (frames analysed per frame inferred, all gating-on runs): ${gain.toFixed(2)}x`);
console.log(
  `gating on, ${doubled?.cameras} cameras (2x the ${(doubled?.cameras ?? 0) / 2} the ceiling serves ungated): ${doubled?.droppedFrames} dropped, ${doubled?.inferredFps}/s inferred (target: none dropped: ${doubledOk ? 'met' : 'not met'})`,
);
// The CPU budget behind both targets: every camera frame costs ffmpeg and the agent's own work;
// an inferred one also costs a session run. With the gate's multiplier G, the cores serve at most
// cores x 1000 / (fps x (overhead + run / G)) cameras.
if (doubled) {
  const camerasFor = (overheadMs, g) => Math.floor((doubled.cores * 1000) / (doubled.fps * (overheadMs + doubled.ortCpuMsPerRun / g)));
  const most = (g) => camerasFor(doubled.ffmpegCpuMsPerFrame + doubled.agentCpuMsPerFrame, g);
  console.log(
    `CPU per camera frame: ffmpeg ${doubled.ffmpegCpuMsPerFrame} ms + agent ${doubled.agentCpuMsPerFrame} ms (gating on), one run ${doubled.ortCpuMsPerRun} ms: at most ${most(1)} cameras ungated, ${most(gain)} at this ${gain.toFixed(2)}x multiplier, ${most(10)} on still scenes (10x, a forced detection every 2 s)`,
  );
  if (bound && !('skipped' in bound)) {
    // The same budget with decoding as the only cost besides inference: what no agent can beat.
    const decodeOnly = camerasFor(bound.ffmpegCpuMsPerFrame, gain);
    console.log(`with decoding (${bound.ffmpegCpuMsPerFrame} ms a frame, decode bound) as the only other cost: at most ${decodeOnly} cameras at the ${gain.toFixed(2)}x multiplier (target ${doubled.cameras})`);
  }
}
console.log(`memory per extra camera (1 -> 8, gating off): ${perCamera.toFixed(1)} MB in the agent process (target < 60 MB); ffmpeg processes are separate`);
// Issue 22: the largest count served (no drop, every frame delivered, p95 < 1 s), searched, beside
// the budget from this run's own costs.
for (const s of servedResults) {
  const costs = `ffmpeg ${s.costs.ffmpegMsPerFrame} + agent ${s.costs.agentMsPerFrame} ms a frame, ${s.costs.inferenceMsPerRun.toFixed(1)} ms a run${s.gating ? ` / ${s.costs.gateMultiplier}x gate` : ''}`;
  console.log(
    `served, gating ${s.gating ? 'on ' : 'off'}: ${s.served} cameras of a budget of ${s.budget} (${costs}; ${s.cores} cores at ${s.fps} fps): ratio ${s.ratio.toFixed(2)} (target >= 0.90: ${s.ratio >= 0.9 ? 'met' : 'not met'}); tried ${s.tried.map((t) => `${t.cameras}${t.served ? '' : ` (${t.droppedFrames} dropped, p95 ${t.p95FrameLatencyMs} ms, ${t.offeredFps}/s)`}`).join(', ')}`,
  );
}

if (values.only !== 'pipeline') {
  await analyzeSection();
  await consoleSection();
  await queueSection();
}
