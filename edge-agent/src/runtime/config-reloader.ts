import { ConfigError, type AgentConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import type { AgentRuntime } from './agent-runtime.js';

/** What SIGHUP does: re-read the local file (ConfigReloader), or ask the console now. */
export interface ReloadHandler {
  request(): void;
  /** Resolves when no reload is in progress (shutdown waits for it). */
  settled(): Promise<void>;
}

/**
 * SIGHUP: read the file again. A config with problems is not applied: every problem is logged
 * (one line each, naming its key) and the running config stays. Reloads never overlap; a signal
 * that arrives during one triggers one more read afterwards, so the last edit always wins.
 */
export class ConfigReloader implements ReloadHandler {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly path: string,
    private readonly load: () => Promise<AgentConfig>,
    private readonly runtime: AgentRuntime,
    private readonly logger: Logger,
  ) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves when no reload is in progress (shutdown waits for it). */
  async settled(): Promise<void> {
    this.again = false;
    await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.reloadOnce();
    } while (this.again);
  }

  private async reloadOnce(): Promise<void> {
    this.logger.info({ event: 'config_reload_requested', file: this.path }, 'reloading the config');
    let next;
    try {
      next = await this.load();
    } catch (error) {
      if (!(error instanceof ConfigError)) {
        this.logger.error({ event: 'config_reload_failed', err: error }, 'cannot read the new config; still running the previous one');
        return;
      }
      for (const problem of error.problems) this.logger.error({ event: 'config_problem', file: this.path, problem }, `config problem: ${problem}`);
      this.logger.error(
        { event: 'config_reload_rejected', file: this.path, problems: error.problems.length, configVersion: this.runtime.configVersion },
        'the new config has problems; still running the previous one',
      );
      return;
    }
    try {
      await this.runtime.reload(next);
    } catch (error) {
      this.logger.error({ event: 'config_reload_failed', err: error }, 'applying the new config failed');
    }
  }
}
