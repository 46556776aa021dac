import { canonicalJson, managedVersionLabel, type ManagedConfig, type ParseResult } from '@wardwatch/contracts';
import type { Stage } from '../runtime/stages.js';
import type { AgentConfig } from '../config/agent-config.schema.js';
import { backoffDelayMs } from '../retry/backoff.js';
import type { Logger } from '../log/logger.js';
import type { ConsoleClient } from './console-client.js';
import type { ProbeRunner } from './probe-runner.js';
import { claimedVersion, parseManagedConfig, parseSyncAnswer, type SyncAnswer } from './sync-answer.js';

/** What the sync loop drives: the AgentRuntime. */
export interface SyncTarget {
  readonly configVersion: string;
  reload(config: AgentConfig, versionLabel: string): Promise<unknown>;
}

export interface ConfigSyncDeps {
  client: Pick<ConsoleClient, 'sync' | 'displayUrl'>;
  mode: 'managed' | 'local';
  intervalMs: number;
  target: SyncTarget;
  build: (managed: ManagedConfig) => ParseResult<AgentConfig>;
  save: (managed: ManagedConfig) => Promise<void>;
  probes: ProbeRunner;
  logger: Logger;
  /** The managed version running at start (0: none). */
  have: number;
  /** The answer of the sync made before the agent started: its probes are run at once. */
  first?: SyncAnswer | undefined;
  random?: () => number;
}

export interface SyncStatus {
  mode: 'managed' | 'local';
  /** The console, without credentials. */
  url: string;
  state: 'connecting' | 'ok' | 'failing';
  lastError?: string;
  lastSyncAt?: string;
  /** The newest version the console holds for this agent. */
  latestVersion?: number;
  /** The managed version this agent runs (0: none). */
  runningVersion: number;
}

/**
 * Up to 15 s between retries while the console is unreachable: a console restart is noticed
 * within seconds, and a long outage costs one small request per 15 s.
 */
const MAX_RETRY_MS = 15_000;

/**
 * The agent's side of "config reaches the agent without restarts": every `intervalMs` it asks
 * the console for news, applies a new managed config through the runtime's reload (only changed
 * cameras restart), caches it for the next start, and hands probe requests to the ProbeRunner.
 * A config that does not validate is refused, each problem logged once, and the previous one
 * keeps running. Console failures are retried with backoff and logged once per change of state,
 * not every 2 s.
 */
export class ConfigSync implements Stage {
  readonly name = 'config-sync';
  private have: number;
  private latestVersion: number | undefined;
  private lastSyncAt: number | undefined;
  private state: SyncStatus['state'] = 'connecting';
  private lastError: string | undefined;
  private failures = 0;
  /** A config refused (by version, or by content when it has none): not checked and logged again. */
  private refused: string | undefined;
  private ignoredLogged = false;
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly deps: ConfigSyncDeps) {
    this.have = deps.have;
    if (deps.first) this.answered(deps.first);
  }

  /** Runs the first answer's probes, refuses its config if it could not be started with, then loops. */
  async start(): Promise<void> {
    const first = this.deps.first;
    if (first) {
      this.deps.probes.submit(first.probes, first.discoveries);
      if (first.config !== undefined) await this.consider(first.config);
    }
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
    await this.deps.probes.stop();
  }

  /** Ask now instead of at the next tick (SIGHUP). */
  syncNow(): void {
    this.wake?.();
  }

  status(): SyncStatus {
    return {
      mode: this.deps.mode,
      url: this.deps.client.displayUrl,
      state: this.state,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...(this.lastSyncAt === undefined ? {} : { lastSyncAt: new Date(this.lastSyncAt).toISOString() }),
      ...(this.latestVersion === undefined ? {} : { latestVersion: this.latestVersion }),
      runningVersion: this.deps.mode === 'managed' ? this.have : 0,
    };
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      const delayMs = this.failures === 0
        ? this.deps.intervalMs
        : backoffDelayMs(this.failures - 1, { initialMs: Math.min(this.deps.intervalMs, MAX_RETRY_MS), maxMs: MAX_RETRY_MS, jitter: 0.2 }, this.deps.random);
      await this.sleep(delayMs);
      if (this.abort.signal.aborted) return;
      await this.tick().catch((error: unknown) => this.deps.logger.error({ event: 'console_sync_error', err: error }, 'console sync failed unexpectedly'));
    }
  }

  /** One sync: ask, then act on the answer. */
  async tick(): Promise<void> {
    let body: unknown;
    try {
      body = await this.deps.client.sync(this.have, this.deps.target.configVersion, this.abort.signal, this.deps.mode);
    } catch (error) {
      // Stopping cut the request short: not a console failure.
      if (this.abort.signal.aborted) return;
      this.failed((error as Error).message);
      return;
    }
    const answer = parseSyncAnswer(body);
    if (!answer.ok) {
      this.failed(`the console at ${this.deps.client.displayUrl} sent a sync answer this agent does not understand (${answer.errors.slice(0, 3).join('; ')})`);
      return;
    }
    if (this.abort.signal.aborted) return;
    this.answered(answer.value);
    this.deps.probes.submit(answer.value.probes, answer.value.discoveries);
    if (answer.value.config !== undefined) await this.consider(answer.value.config);
  }

  private answered(answer: SyncAnswer): void {
    const { logger } = this.deps;
    if (this.state === 'failing') logger.info({ event: 'console_sync_recovered', console: this.deps.client.displayUrl, failures: this.failures }, 'the console answers again');
    else if (this.state === 'connecting') logger.info({ event: 'console_sync_ok', console: this.deps.client.displayUrl, latestVersion: answer.latestVersion }, 'in touch with the console');
    this.state = 'ok';
    this.failures = 0;
    this.lastError = undefined;
    this.latestVersion = answer.latestVersion;
    this.lastSyncAt = Date.now();
  }

  private failed(reason: string): void {
    this.failures++;
    if (reason !== this.lastError) {
      this.deps.logger.warn(
        { event: 'console_sync_failed', console: this.deps.client.displayUrl, reason, configVersion: this.deps.target.configVersion },
        `${reason}; still running ${this.deps.target.configVersion}, retrying with backoff`,
      );
    }
    this.state = 'failing';
    this.lastError = reason;
  }

  private async consider(raw: unknown): Promise<void> {
    const { logger } = this.deps;
    const version = claimedVersion(raw);
    if (this.deps.mode === 'local') {
      // Remembered as had, so the console stops resending a config this agent will not use.
      if (version !== undefined && version !== this.have) {
        const words = `the console holds config v${version}, but the local file wins: its cameras are not used`;
        if (this.ignoredLogged) logger.info({ event: 'managed_config_ignored', version }, words);
        else logger.warn({ event: 'managed_config_ignored', version }, words);
        this.ignoredLogged = true;
        this.have = version;
      }
      return;
    }
    if (version !== undefined && version === this.have) return;
    const key = version === undefined ? canonicalJson(raw) : `v${version}`;
    if (key === this.refused) return;
    const parsed = parseManagedConfig(raw);
    const built = parsed.ok ? this.deps.build(parsed.value) : parsed;
    if (!parsed.ok || !built.ok) {
      this.refuse(key, version, built.ok ? [] : built.errors);
      return;
    }
    const label = managedVersionLabel(parsed.value.version);
    try {
      await this.deps.target.reload(built.value, label);
    } catch (error) {
      this.refused = key;
      logger.error({ event: 'managed_config_apply_failed', version, err: error }, `applying the console config ${label} failed; still running ${this.deps.target.configVersion}`);
      return;
    }
    this.have = parsed.value.version;
    this.refused = undefined;
    logger.info({ event: 'managed_config_applied', version: this.have, configVersion: label }, `now running the console config ${label}`);
    await this.deps.save(parsed.value).catch((error: unknown) => logger.error({ event: 'managed_cache_failed', err: error }, 'cannot cache the console config for the next start'));
  }

  private refuse(key: string, version: number | undefined, problems: readonly string[]): void {
    const { logger } = this.deps;
    this.refused = key;
    for (const problem of problems) logger.error({ event: 'managed_config_problem', version, problem }, `console config problem: ${problem}`);
    logger.error(
      { event: 'managed_config_rejected', version, problems: problems.length, configVersion: this.deps.target.configVersion },
      `the console config${version === undefined ? '' : ` v${version}`} has ${problems.length} problem${problems.length === 1 ? '' : 's'} and is not applied; still running ${this.deps.target.configVersion}`,
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
