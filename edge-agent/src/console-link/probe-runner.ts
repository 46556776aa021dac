import { cameraSchema, type DiscoveryResult, type DiscoveryTask, type ProbeTask } from '@wardwatch/contracts';
import { redactText } from '../config/redact.js';
import { backoffDelayMs } from '../retry/backoff.js';
import type { Logger } from '../log/logger.js';
import { findOnvifCameras, searchTargets } from '../onvif/find-cameras.js';
import { ConsoleRequestError, type ConsoleClient } from './console-client.js';
import { consoleFileInputProblem } from './file-inputs.js';
import { probeCamera, type ProbeOutcome } from './probe-camera.js';

export interface ProbeRunnerDeps {
  client: Pick<ConsoleClient, 'probeResult' | 'probeSnapshot' | 'discoveryResult'>;
  logger: Logger;
  /** Probes at once. Two: each is an ffmpeg decoding a full-size frame beside the cameras' own. */
  concurrency?: number;
  probe?: (task: ProbeTask) => Promise<ProbeOutcome>;
  /** Finds ONVIF cameras for "Find cameras" (findOnvifCameras on the agent's own network). */
  discover?: (task: DiscoveryTask) => Promise<DiscoveryResult>;
  /** Folders whose files the console may probe (console.fileInputs); none by default. */
  fileInputs?: readonly string[];
}

/**
 * The stream addresses a site config accepts: network URLs and file paths, not ffmpeg's special
 * inputs (`concat:`, `subfile:`, `pipe:`, `unix:`), which could open the agent's own files or hang.
 */
const streamUrl = cameraSchema.shape.detect.shape.url;

/** Ids remembered so that a probe the console keeps listing until its result lands runs once. */
const REMEMBERED_IDS = 500;
/** Sending a result is retried this often (the console may be restarting), a second apart, doubling. */
const SEND_ATTEMPTS = 4;
/** 1, 2, 4 s between the tries. */
const SEND_BACKOFF = { initialMs: 1_000, maxMs: 4_000, jitter: 0 };
/** How long a search waits for cameras to answer: `edge-agent discover`'s default. */
const DISCOVERY_WAIT_MS = 3_000;

/** A stream to test, or a search for cameras: both are the installer waiting on this agent. */
type ConsoleTask = { kind: 'probe'; task: ProbeTask } | { kind: 'discovery'; task: DiscoveryTask };

/**
 * Runs the probes and camera searches the console asks for: each id once, at most `concurrency`
 * at a time, and sends each result (a probe's snapshot first) back. Failures to send are logged,
 * not thrown.
 */
export class ProbeRunner {
  private readonly seen = new Set<string>();
  private readonly queue: ConsoleTask[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly concurrency: number;
  private readonly abort = new AbortController();

  constructor(private readonly deps: ProbeRunnerDeps) {
    this.concurrency = deps.concurrency ?? 2;
  }

  submit(probes: readonly ProbeTask[], discoveries: readonly DiscoveryTask[] = []): void {
    if (this.abort.signal.aborted) return;
    const tasks: ConsoleTask[] = [...probes.map((task) => ({ kind: 'probe' as const, task })), ...discoveries.map((task) => ({ kind: 'discovery' as const, task }))];
    for (const item of tasks) {
      if (this.seen.has(item.task.id)) continue;
      this.seen.add(item.task.id);
      if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as string);
      this.queue.push(item);
    }
    this.pump();
  }

  /** Resolves once no probe is waiting or running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
  }

  /** Drops the probes not started yet and waits for the running ones (at most one timeout). */
  async stop(): Promise<void> {
    this.abort.abort();
    this.queue.length = 0;
    await this.idle();
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.queue.length > 0) {
      const item = this.queue.shift()!;
      const run = (item.kind === 'probe' ? this.run(item.task) : this.search(item.task)).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run(task: ProbeTask): Promise<void> {
    const log = this.deps.logger.child({ probe: task.id });
    // Whatever goes wrong in a probe is its result: an exception must not escape into the agent
    // (an unhandled rejection would end the process, and the console would ask again).
    const outcome = await this.probe(task, log).catch(
      (error: unknown): ProbeOutcome => ({ result: { ok: false, error: `the agent could not probe this address: ${redactText((error as Error).message ?? String(error)).slice(0, 300)}` } }),
    );
    if (outcome.result.ok) log.info({ event: 'probe_ok', codec: outcome.result.codec, width: outcome.result.width, height: outcome.result.height }, 'probe done');
    else log.warn({ event: 'probe_failed', reason: outcome.result.error }, `probe failed: ${outcome.result.error}`);
    // The picture first: once the result is in, the installer's page takes the test as finished.
    const pictured = outcome.jpeg ? await this.send(log, 'snapshot', () => this.deps.client.probeSnapshot(task.id, outcome.jpeg!)) : false;
    const result = outcome.result.ok ? { ...outcome.result, snapshot: pictured } : outcome.result;
    await this.send(log, 'result', () => this.deps.client.probeResult(task.id, result));
  }

  private async search(task: DiscoveryTask): Promise<void> {
    const log = this.deps.logger.child({ discovery: task.id });
    log.info({ event: 'discovery_started', targets: task.targets.length, login: task.login !== undefined }, 'searching for ONVIF cameras for the console');
    const result = await (this.deps.discover ?? discoverCameras)(task).catch(
      (error: unknown): DiscoveryResult => ({ ok: false, error: `the agent could not search for cameras: ${redactText((error as Error).message ?? String(error)).slice(0, 300)}` }),
    );
    if (result.ok) log.info({ event: 'discovery_done', cameras: result.cameras.length }, `found ${result.cameras.length} ONVIF camera(s)`);
    else log.warn({ event: 'discovery_failed', reason: result.error }, `camera search failed: ${result.error}`);
    await this.send(log, 'discovery result', () => this.deps.client.discoveryResult(task.id, result));
  }

  /** A console can ask for any string: only what a camera's config could hold reaches ffmpeg. */
  private async probe(task: ProbeTask, log: Logger): Promise<ProbeOutcome> {
    const checked = streamUrl.safeParse(task.url);
    if (!checked.success) {
      // The schema's words name the allowed forms and never repeat the address (it may hold a password).
      // Logged once, as probe_failed, by the caller.
      return { result: { ok: false, error: `not a camera address this agent probes: ${checked.error.issues[0]?.message ?? 'invalid'}` } };
    }
    const local = consoleFileInputProblem(task.url, this.deps.fileInputs ?? []);
    if (local) return { result: { ok: false, error: `not a camera address this agent probes: ${local}` } };
    log.info({ event: 'probe_started', transport: task.transport }, 'probing a camera for the console');
    return (this.deps.probe ?? probeCamera)(task);
  }

  private async send(log: Logger, what: string, call: () => Promise<void>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await call();
        return true;
      } catch (error) {
        // A 4xx (the probe expired, the snapshot is refused) will not change on a retry.
        const final = error instanceof ConsoleRequestError && error.kind === 'refused' && (error.status ?? 500) < 500;
        if (final || attempt >= SEND_ATTEMPTS || this.abort.signal.aborted) {
          log.error({ event: 'probe_send_failed', what, reason: (error as Error).message }, `cannot send the probe ${what} to the console`);
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(attempt - 1, SEND_BACKOFF)));
      }
    }
  }
}

/** Unicast to the addresses the installer gave, else multicast out of every interface of this agent. */
async function discoverCameras(task: DiscoveryTask): Promise<DiscoveryResult> {
  const search = searchTargets(task.targets);
  if ('bad' in search) return { ok: false, error: `${search.bad}: expected HOST or HOST:PORT` };
  const { targets } = search;
  if (targets.length === 0) return { ok: false, error: 'the agent has no network interface with an IPv4 address to search on' };
  const cameras = await findOnvifCameras({ targets, timeoutMs: DISCOVERY_WAIT_MS, login: task.login });
  return { ok: true, cameras: cameras.slice(0, 64) };
}
