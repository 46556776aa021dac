import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoStack, type DemoStack } from '../stack/demo-stack.js';
import { descendants } from '../stack/process-tree.js';
import { processMemory, sampleValue } from './process-memory.js';
import { growthAfter, perCameraCost, type Growth, type MinuteReading } from './soak-figures.js';

/*
 * `npm run soak -- --cameras N --minutes M [--warmup W]`: the demo system (private Redis, the
 * console, the camera simulator, one agent with N looping cameras, delivery on) left running,
 * with the memory of the agent, its ffmpeg processes and the console read once a minute, and how
 * much each grew after the warm-up. An agent runs for months: this is where a leak shows.
 * `--cameras N1,N2` runs the system twice, N1 then N2 cameras, M minutes each, and also prints
 * the memory one more camera costs (agent plus its ffmpeg processes, PSS).
 */
const { values } = parseArgs({ options: { cameras: { type: 'string', default: '6' }, minutes: { type: 'string', default: '60' }, warmup: { type: 'string', default: '10' } } });
const counts = values.cameras.split(',').map(Number);
const minutes = Number(values.minutes);
const warmup = Number(values.warmup);
if (![...counts, minutes, warmup].every((n) => Number.isInteger(n) && n >= 0) || counts.length > 2 || counts.some((n) => n < 1) || minutes < 1) {
  console.error('soak: --cameras (one count, or two as N1,N2), --minutes and --warmup must be whole numbers (cameras and minutes at least 1)');
  process.exit(2);
}

const MB = 1024 * 1024;

interface Row {
  minute: number;
  agentRssMb: number;
  agentPssMb: number;
  agentHeapMb: number;
  agentExternalMb: number;
  ffmpegCount: number;
  ffmpegPssMb: number;
  consoleRssMb: number;
  consoleHeapMb: number;
  consoleExternalMb: number;
  jobsStored: number;
}

async function metrics(url: string): Promise<string> {
  try {
    return await (await fetch(`${url}/metrics`)).text();
  } catch {
    return '';
  }
}

async function read(stack: DemoStack, minute: number): Promise<Row> {
  const agentPid = stack.pids.agent!;
  const consolePid = stack.pids.console!;
  const [agent, consoleMemory, agentMetrics, consoleMetrics, children] = await Promise.all([processMemory(agentPid), processMemory(consolePid), metrics(stack.agentUrl), metrics(stack.consoleUrl), descendants(agentPid)]);
  const ffmpeg = (await Promise.all(children.map((child) => processMemory(child.pid)))).filter((m) => m !== undefined);
  const mb = (bytes: number | undefined) => Math.round(((bytes ?? 0) / MB) * 10) / 10;
  return {
    minute,
    agentRssMb: mb(agent?.rss),
    agentPssMb: mb(agent?.pss),
    agentHeapMb: mb(sampleValue(agentMetrics, 'wardwatch_agent_nodejs_heap_size_used_bytes')),
    agentExternalMb: mb(sampleValue(agentMetrics, 'wardwatch_agent_nodejs_external_memory_bytes')),
    ffmpegCount: ffmpeg.length,
    ffmpegPssMb: mb(ffmpeg.reduce((sum, m) => sum + m.pss, 0)),
    consoleRssMb: mb(consoleMemory?.rss),
    consoleHeapMb: mb(sampleValue(consoleMetrics, 'wardwatch_console_nodejs_heap_size_used_bytes')),
    consoleExternalMb: mb(sampleValue(consoleMetrics, 'wardwatch_console_nodejs_external_memory_bytes')),
    jobsStored: sampleValue(consoleMetrics, 'wardwatch_console_jobs_processed_total') ?? 0,
  };
}

let stopping = false;
const stopEarly = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`\n${signal}: stopping early\n`);
};
process.on('SIGINT', () => stopEarly('SIGINT'));
process.on('SIGTERM', () => stopEarly('SIGTERM'));

/** One run of the demo system with `cameras` cameras: a row a minute, then its growth after the warm-up. */
async function soak(cameras: number): Promise<Row[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ww-soak-'));
  const logPath = join(dataDir, 'soak.log');
  const log = createWriteStream(logPath);
  process.stderr.write(`soak: ${cameras} cameras for ${minutes} min (warm-up ${warmup} min); logs in ${logPath}\n`);
  const stack = await startDemoStack({ dataDir, redisUrl: process.env.REDIS_URL, cameraCount: cameras, onLog: (source, line) => log.write(`[${source}] ${line}\n`) });
  const rows: Row[] = [];
  process.stdout.write('min  agent RSS  PSS   heap  extern | ffmpeg n  PSS  | console RSS  heap  extern | jobs\n');
  const started = Date.now();
  try {
    for (let minute = 0; minute <= minutes && !stopping; minute++) {
      // Waits in short steps, so a signal ends the run within a second.
      while (!stopping && Date.now() < started + minute * 60_000) await new Promise((r) => setTimeout(r, Math.min(1_000, started + minute * 60_000 - Date.now())));
      if (stopping) break;
      const row = await read(stack, minute);
      rows.push(row);
      const pad = (v: number, n: number) => String(v).padStart(n);
      process.stdout.write(`${pad(row.minute, 3)}  ${pad(row.agentRssMb, 8)} ${pad(row.agentPssMb, 6)} ${pad(row.agentHeapMb, 5)} ${pad(row.agentExternalMb, 6)} | ${pad(row.ffmpegCount, 8)} ${pad(row.ffmpegPssMb, 5)} | ${pad(row.consoleRssMb, 11)} ${pad(row.consoleHeapMb, 5)} ${pad(row.consoleExternalMb, 6)} | ${pad(row.jobsStored, 4)}\n`);
    }
  } finally {
    await stack.stop();
    log.end();
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  }
  const series = (pick: (r: Row) => number): MinuteReading[] => rows.map((r) => ({ minute: r.minute, mb: pick(r) }));
  const growth = {
    agentRss: growthAfter(series((r) => r.agentRssMb), warmup),
    agentPss: growthAfter(series((r) => r.agentPssMb), warmup),
    ffmpegPss: growthAfter(series((r) => r.ffmpegPssMb), warmup),
    consoleRss: growthAfter(series((r) => r.consoleRssMb), warmup),
  };
  const words = (g: Growth | undefined) => (g ? `${g.fromMb} -> ${g.toMb} MB over ${g.minutes} min (${g.percent === null ? 'from zero' : `${g.percent >= 0 ? '+' : ''}${g.percent.toFixed(1)}%`}, ${g.slopeMbPerMinute.toFixed(2)} MB/min)` : 'run shorter than the warm-up');
  process.stdout.write(`\nafter the ${warmup}-minute warm-up:\n  agent RSS   ${words(growth.agentRss)}\n  agent PSS   ${words(growth.agentPss)}\n  ffmpeg PSS  ${words(growth.ffmpegPss)}\n  console RSS ${words(growth.consoleRss)}\n`);
  const last = rows.at(-1);
  if (last) process.stdout.write(`  per camera: agent PSS + ffmpeg PSS = ${((last.agentPssMb + last.ffmpegPssMb) / cameras).toFixed(1)} MB (all ${cameras} cameras together; the agent's fixed share is in it)\n`);
  process.stdout.write(`${JSON.stringify({ soak: { cameras, minutes: rows.at(-1)?.minute ?? 0, warmup }, growth, rows })}\n\n`);
  return rows;
}

// Each run stops its own system, whatever ends it.
const runs: { cameras: number; rows: Row[] }[] = [];
for (const cameras of counts) if (!stopping) runs.push({ cameras, rows: await soak(cameras) });
if (runs.length === 2) {
  const cost = perCameraCost(runs[0]!, runs[1]!, warmup);
  if (!cost) process.stdout.write('memory per extra camera: not measured (a run ended before its warm-up)\n');
  else {
    process.stdout.write(
      `memory per extra camera (${cost.from.cameras} -> ${cost.to.cameras} cameras, mean PSS after the warm-up): ${cost.perCameraMb} MB = agent ${cost.agentPerCameraMb} + ffmpeg ${cost.ffmpegPerCameraMb} ` +
        `(agent ${cost.from.agentMb} -> ${cost.to.agentMb} MB, ffmpeg ${cost.from.ffmpegMb} -> ${cost.to.ffmpegMb} MB) (target < 40 MB: ${cost.perCameraMb < 40 ? 'met' : 'not met'})\n`,
    );
    process.stdout.write(`${JSON.stringify({ perCamera: cost })}\n`);
  }
}
process.exit(0);
