import { ExitCode } from '@wardwatch/contracts/cli';
import type { Logger } from '../log/logger.js';
import type { AgentRuntime } from './agent-runtime.js';
import type { ReloadHandler } from './config-reloader.js';

/** Exit status after a second SIGTERM/SIGINT cut the graceful stop short (128 + SIGINT). */
export const FORCED_EXIT_CODE = 130;
/**
 * After a clean stop nothing should keep the event loop alive; if something still does (a
 * socket a library forgot), exiting after this long beats a process that never ends under
 * systemd. It is logged, since it means a leak worth fixing.
 */
const LINGER_MS = 3_000;

/**
 * The process's signals around one agent. Installed before the agent starts, so that a SIGTERM
 * while the model loads or ffmpeg spawns still stops gracefully and a SIGHUP (which would kill a
 * Node process by default) is remembered and applied once the agent runs.
 *  - SIGTERM, SIGINT: graceful stop; a second one kills ffmpeg and exits at once.
 *  - SIGHUP: reload (the config file, or for a managed agent: ask the console now).
 */
export class ProcessSignals {
  private runtime: AgentRuntime | undefined;
  private reloader: ReloadHandler | undefined;
  private reloadPending = false;
  private stopping = false;
  /** Set when the agent stops itself because of a fault only a restart mends. */
  private faulted = false;
  /** Why the agent stops: a signal, or `fault` (see `fail`). */
  private readonly stopRequested: Promise<NodeJS.Signals | 'fault'>;
  private readonly requestStop: (reason: NodeJS.Signals | 'fault') => void;
  private readonly onHup = (): void => {
    if (this.stopping) this.logger.warn({ event: 'reload_ignored' }, 'stopping; reload ignored');
    else if (this.reloader) this.reloader.request();
    else this.reloadPending = true;
  };
  private readonly onStop: (signal: NodeJS.Signals) => void;

  private readonly exit: (code: number) => void;
  private readonly kill: () => void;

  /**
   * `exit` ends the process; `kill` ends it at once with SIGKILL (tests pass their own, so a
   * lingering timer cannot end the test runner).
   */
  constructor(
    private readonly logger: Logger,
    ends: { exit?: (code: number) => void; kill?: () => void } = {},
  ) {
    this.exit = ends.exit ?? ((code) => process.exit(code));
    this.kill = ends.kill ?? (() => process.kill(process.pid, 'SIGKILL'));
    let resolveStop: (reason: NodeJS.Signals | 'fault') => void = () => undefined;
    this.stopRequested = new Promise((resolve) => (resolveStop = resolve));
    this.requestStop = (reason) => {
      this.stopping = true;
      resolveStop(reason);
    };
    this.onStop = (signal) => {
      if (!this.stopping) this.requestStop(signal);
      else this.force(signal);
    };
    process.on('SIGHUP', this.onHup);
    process.on('SIGTERM', this.onStop);
    process.on('SIGINT', this.onStop);
  }

  /** The agent is running: signals now act on it, SIGHUP through `reloader`. */
  attach(runtime: AgentRuntime, reloader: ReloadHandler): void {
    this.runtime = runtime;
    this.reloader = reloader;
    if (this.reloadPending && !this.stopping) this.reloader.request();
  }

  /**
   * Stops the agent as a stop signal would (evidence in progress goes to the outbox first), then
   * ends the process by SIGKILL (status 137), so its supervisor (systemd, Docker's restart policy)
   * starts a fresh one. Not by exit(): Node joins every worker thread on the way out, and a thread
   * stuck in a native call never joins, so the process would stay, stopped, and never be restarted.
   */
  fail(error: Error): void {
    if (this.stopping) return;
    this.faulted = true;
    this.logger.error({ event: 'agent_fault', err: error }, `stopping so that the supervisor restarts the agent: ${error.message}`);
    this.requestStop('fault');
  }

  /** Resolves with the exit code once a stop signal (or `fail`) came and the agent stopped gracefully. */
  async untilStopped(): Promise<number> {
    const reason = await this.stopRequested;
    this.logger.info({ event: 'stopping', reason }, 'stopping: ffmpeg, then the evidence in progress into the outbox, then delivery');
    await this.reloader?.settled();
    await this.runtime?.stop();
    this.detach();
    // Node joins every worker thread on exit; one stuck in a native call would hold the process forever.
    const stuck = this.runtime?.stuckDetectorThreads ?? 0;
    if (this.faulted || stuck > 0) {
      this.logger.error({ event: 'agent_fault_exit', stuckThreads: stuck }, 'agent stopped; ending the process by SIGKILL, since detector threads stuck in native code would keep it from exiting');
      this.kill();
    }
    const code = this.faulted ? ExitCode.failure : 0;
    // A socket a library forgot could keep the process alive.
    setTimeout(() => {
      this.logger.warn({ event: 'exit_lingered' }, 'something kept the process alive after the agent stopped; exiting');
      this.exit(code);
    }, LINGER_MS).unref();
    return code;
  }

  /** Whether a stop signal already came (e.g. while the agent was starting). */
  get stopSignalled(): boolean {
    return this.stopping;
  }

  detach(): void {
    process.off('SIGHUP', this.onHup);
    process.off('SIGTERM', this.onStop);
    process.off('SIGINT', this.onStop);
  }

  private force(signal: NodeJS.Signals): void {
    this.logger.warn({ event: 'forced_exit', signal }, 'second signal: exiting now');
    for (const pid of this.runtime?.ffmpegPids() ?? []) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // The ffmpeg already exited between the listing and the kill.
      }
    }
    this.exit(FORCED_EXIT_CODE);
  }
}
