import type { Logger } from '../log/logger.js';

/** One long-lived part of the agent process: the cameras, the detector, the console link... */
export interface Stage {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The agent's stages in the order they start; they stop in the reverse order. A stage that
 * fails to start stops the ones already started (last first) and the error is rethrown; a stage
 * that fails to stop is logged and the next one still stops. `stop` may be called at any time,
 * also while `start` is still running: the stages started so far stop, and those not yet started
 * never do.
 */
export class Stages {
  private readonly started: Stage[] = [];
  private stopping: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  /** Starts `stage` after those already started. */
  async start(stage: Stage): Promise<void> {
    if (this.stopping) throw new Error(`stage ${stage.name} cannot start: the agent is stopping`);
    try {
      await stage.start();
    } catch (error) {
      await this.stop();
      throw error;
    }
    if (this.stopping) {
      // Stopped while it was starting: it stops now, after the others.
      await this.stopOne(stage);
      throw new Error(`stage ${stage.name} started while the agent was stopping`);
    }
    this.started.push(stage);
    this.logger.info({ event: 'stage_started', stage: stage.name }, `${stage.name} started`);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (let stage = this.started.pop(); stage !== undefined; stage = this.started.pop()) await this.stopOne(stage);
    })();
    return this.stopping;
  }

  private async stopOne(stage: Stage): Promise<void> {
    try {
      await stage.stop();
    } catch (error) {
      this.logger.error({ event: 'stage_stop_failed', stage: stage.name, err: error }, `${stage.name} did not stop cleanly`);
    }
    this.logger.info({ event: 'stage_stopped', stage: stage.name }, `${stage.name} stopped`);
  }
}
