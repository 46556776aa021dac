import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoStack } from '../stack/demo-stack.js';
import { descendants } from '../stack/process-tree.js';
import { processMemory, sampleValue } from './process-memory.js';
import { growthAfter, type Growth, type MinuteReading } from './soak-figures.js';

/*
 * `npm run soak -- --cameras N --minutes M [--warmup W]`: the demo system (private Redis, the
 * console, the camera simulator, one agent with N looping cameras, delivery on) left running,
 * with the memory of the agent, its ffmpeg processes and the console read once a minute, and how
 * much each grew after the warm-up. An agent runs for months: this is where a leak shows.
 */
const { values } = parseArgs({ options: { cameras: { type: 'string', default: '6' }, minutes: { type: 'string', default: '60' }, warmup: { type: 'string', default: '10' } } });
const cameras = Number(values.cameras);
const minutes = Number(values.minutes);
const warmup = Number(values.warmup);
if (![cameras, minutes, warmup].every((n) => Number.isInteger(n) && n >= 0) || cameras < 1 || minutes < 1) {
  console.error('soak: --cameras, --minutes and --warmup must be whole numbers (cameras and minutes at least 1)');
  process.exit(2);
}

const MB = 1024 * 1024;
const dataDir = await mkdtemp(join(tmpdir(), 'ww-soak-'));
const logPath = join(dataDir, 'soak.log');
const log = createWriteStream(logPath);
process.stderr.write(`soak: ${cameras} cameras for ${minutes} min (warm-up ${warmup} min); logs in ${logPath}\n`);
const stack = await startDemoStack({ dataDir, redisUrl: process.env.REDIS_URL, cameraCount: cameras, onLog: (source, line) => log.write(`[${source}] ${line}\n`) });

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

async function read(minute: number): Promise<Row> {
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

const rows: Row[] = [];
const header = 'min  agent RSS  PSS   heap  extern | ffmpeg n  PSS  | console RSS  heap  extern | jobs';
process.stdout.write(`${header}\n`);
const started = Date.now();
let stopping = false;
async function finish(signal?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (signal) process.stderr.write(`\n${signal}: stopping early\n`);
  await stack.stop();
  log.end();
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
  process.stdout.write(`${JSON.stringify({ soak: { cameras, minutes: rows.at(-1)?.minute ?? 0, warmup }, growth, rows })}\n`);
  await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  process.exit(0);
}
process.on('SIGINT', () => void finish('SIGINT'));
process.on('SIGTERM', () => void finish('SIGTERM'));

for (let minute = 0; minute <= minutes && !stopping; minute++) {
  const wait = started + minute * 60_000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (stopping) break;
  const row = await read(minute);
  rows.push(row);
  const pad = (v: number, n: number) => String(v).padStart(n);
  process.stdout.write(`${pad(row.minute, 3)}  ${pad(row.agentRssMb, 8)} ${pad(row.agentPssMb, 6)} ${pad(row.agentHeapMb, 5)} ${pad(row.agentExternalMb, 6)} | ${pad(row.ffmpegCount, 8)} ${pad(row.ffmpegPssMb, 5)} | ${pad(row.consoleRssMb, 11)} ${pad(row.consoleHeapMb, 5)} ${pad(row.consoleExternalMb, 6)} | ${pad(row.jobsStored, 4)}\n`);
}
await finish();
