import { readFile } from 'node:fs/promises';
import type { DetectorPool } from '../src/detect/detector-pool.js';
import type { BenchSource } from './bench-sources.js';
import { FileCamera } from './file-camera.js';
import { cpuMsOf, processStats, threadStats } from './proc-stats.js';

export interface PipelineRun {
  cameras: number;
  gating: boolean;
  fps: number;
  warmupSeconds: number;
  seconds: number;
  size: number;
  sources: readonly BenchSource[];
}

export interface PipelineResult {
  cameras: number;
  gating: boolean;
  /** Frames per second the cameras delivered to the agent (cameras x fps when ffmpeg keeps up). */
  offeredFps: number;
  /** Frames per second handed to tracking with detections (inferred or reused by the gate). */
  pipelineFps: number;
  inferredFps: number;
  droppedFrames: number;
  outOfOrder: number;
  rssMb: number;
  ffmpegRssMb: number;
  p95FrameLatencyMs: number;
  /** CPU time (agent process + its ffmpeg processes) per inferred frame: independent of other load on the machine. */
  cpuMsPerInferredFrame: number;
  /** ffmpeg CPU time per frame delivered by the cameras (decode, letterbox, pipe). */
  ffmpegCpuMsPerFrame: number;
  /** The agent's own CPU time per frame delivered, detector threads excluded (ingest, motion gate, scheduling, hand-off). */
  agentCpuMsPerFrame: number;
}

let runCounter = 0;

/**
 * Cameras -> ffmpeg decode + letterbox -> motion gate -> pool (preprocess + inference + decode)
 * -> in-order hand-off, the way the agent wires them; counts only the window after warm-up.
 */
export async function runPipeline(pool: DetectorPool, run: PipelineRun): Promise<PipelineResult> {
  const tag = `r${++runCounter}`;
  const motion = { enabled: run.gating, threshold: 0.002, forceDetectSeconds: 2 };
  const received = new Map<string, number>();
  const lastSeq = new Map<string, number>();
  const latencies: number[] = [];
  let measuring = false;
  let offered = 0;
  let delivered = 0;
  let inferred = 0;
  let outOfOrder = 0;
  let peakRss = 0;
  const unsubscribe = pool.subscribe((result) => {
    if (!result.cameraId.startsWith(`${tag}-`)) return;
    const key = `${result.cameraId}:${result.seq}`;
    const at = received.get(key);
    received.delete(key);
    if ((lastSeq.get(result.cameraId) ?? -1) >= result.seq) outOfOrder++;
    lastSeq.set(result.cameraId, result.seq);
    if (!measuring) return;
    delivered++;
    if (result.inferred) inferred++;
    if (at !== undefined) latencies.push(performance.now() - at);
  });
  const cameras = Array.from({ length: run.cameras }, (_, i) => {
    const source = run.sources[i % run.sources.length]!;
    const cameraId = `${tag}-cam${i}`;
    pool.addCamera(cameraId, { motion });
    // Spread cameras that share a clip over it, so they do not move in lock-step.
    const offsetSeconds = ((i * 7.3) % Math.max(1, source.durationSeconds - 1)).toFixed(1);
    return new FileCamera({ cameraId, file: source.file, srcWidth: source.width, srcHeight: source.height, fps: run.fps, size: run.size, offsetSeconds: Number(offsetSeconds) });
  });
  const droppedBefore = (): number => cameras.reduce((sum, _c, i) => sum + (pool.stats(`${tag}-cam${i}`)?.dropped ?? 0), 0);
  await Promise.all(
    cameras.map((camera) =>
      camera.start((frame, receivedAt) => {
        received.set(`${frame.cameraId}:${frame.seq}`, receivedAt);
        if (measuring) offered++;
        pool.submit(frame);
      }),
    ),
  );
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  await sleep(run.warmupSeconds * 1000);
  const dropped0 = droppedBefore();
  const cpu0 = process.cpuUsage();
  const ffmpegCpu0 = await cpuMsOf(processStats(cameras.map((c) => c.pid)));
  const poolCpu0 = await cpuMsOf(threadStats(pool.threadIds));
  measuring = true;
  const started = performance.now();
  await sleep(run.seconds * 1000);
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const ffmpegCpuMs = (await cpuMsOf(processStats(cameras.map((c) => c.pid)))) - ffmpegCpu0;
  const poolCpuMs = (await cpuMsOf(threadStats(pool.threadIds))) - poolCpu0;
  const dropped = droppedBefore() - dropped0;
  const ffmpegRss = (await Promise.all(cameras.map((c) => rssOf(c.pid)))).reduce((a, b) => a + b, 0);
  clearInterval(rssTimer);
  await Promise.all(cameras.map((c) => c.stop()));
  await pool.idle();
  unsubscribe();
  cameras.forEach((_c, i) => pool.removeCamera(`${tag}-cam${i}`));
  latencies.sort((a, b) => a - b);
  const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
  return {
    cameras: run.cameras,
    gating: run.gating,
    offeredFps: round(offered / seconds),
    pipelineFps: round(delivered / seconds),
    inferredFps: round(inferred / seconds),
    droppedFrames: dropped,
    outOfOrder,
    rssMb: mb(peakRss),
    ffmpegRssMb: mb(ffmpegRss),
    p95FrameLatencyMs: round(latencies[Math.floor(latencies.length * 0.95)] ?? 0),
    cpuMsPerInferredFrame: round(((cpu.user + cpu.system) / 1000 + ffmpegCpuMs) / Math.max(1, inferred)),
    ffmpegCpuMsPerFrame: round(ffmpegCpuMs / Math.max(1, offered)),
    agentCpuMsPerFrame: round(((cpu.user + cpu.system) / 1000 - poolCpuMs) / Math.max(1, offered)),
  };
}

const round = (v: number): number => Math.round(v * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory of a child process from /proc (Linux); 0 where that is not available. */
async function rssOf(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb * 1024;
  } catch {
    // Not Linux, or the process already ended: the figure is optional.
    return 0;
  }
}
