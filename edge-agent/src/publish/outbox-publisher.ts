import { join } from 'node:path';
import { mediaKinds, type MediaKind, type ViolationJob } from '@wardwatch/contracts';
import type { Logger } from 'pino';
import type { DeliveryMetrics } from '../metrics/delivery-metrics.js';
import { OutboxItemGone, type DiskOutbox, type OutboxItem } from '../outbox/disk-outbox.js';
import { completeJob, InvalidViolationError, type ViolationDraft } from '../outbox/violation-draft.js';
import { backoffDelayMs, type BackoffPolicy } from '../retry/backoff.js';
import { PublishError } from './publish-error.js';
import type { ViolationPublisher } from './violation-publisher.js';

/** Points between delivery steps; tests kill the process there to prove exactly-once delivery. */
export type DeliveryStep = 'uploaded' | 'enqueued' | 'marked';

export interface OutboxPublisherDeps {
  outbox: DiskOutbox;
  publisher: ViolationPublisher;
  logger: Logger;
  metrics: Pick<DeliveryMetrics, 'publishFailures' | 'violationsPublished'>;
  /** Retry delays while the console or Redis is down: 1 s doubling to 60 s by default. */
  backoff?: Omit<BackoffPolicy, 'jitter'>;
  now?: () => number;
  afterStep?: (step: DeliveryStep, violationId: string) => void | Promise<void>;
}

/**
 * Drains the outbox oldest first: upload the clip, upload the snapshot, enqueue the job, delete
 * the item, recording each step in the item's state so a restart resumes where it stopped. A
 * failing step is retried with backoff forever; only the quota (or an item that can never be
 * sent, set aside) removes an undelivered violation.
 */
export class OutboxPublisher {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private failures = 0;
  private wake: (() => void) | undefined;

  constructor(private readonly deps: OutboxPublisherDeps) {}

  start(): void {
    if (this.loop) return;
    const unsubscribe = this.deps.outbox.onCommit(() => this.wake?.());
    this.loop = this.run().finally(unsubscribe);
  }

  /** Finishes the step in progress and stops; undelivered items stay in the outbox. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { outbox, logger, metrics } = this.deps;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      const item = outbox.pending()[0];
      if (!item) {
        await this.pause(Number.POSITIVE_INFINITY);
        continue;
      }
      try {
        await this.deliver(item);
        if (this.failures > 0) logger.info({ event: 'publish_recovered', failures: this.failures }, 'delivery works again');
        this.failures = 0;
      } catch (error) {
        if (error instanceof OutboxItemGone) continue;
        const reason = error instanceof PublishError ? error.reason : error instanceof InvalidViolationError ? 'invalid_job' : 'outbox_io';
        metrics.publishFailures.inc({ reason });
        if ((error instanceof PublishError && error.permanent) || error instanceof InvalidViolationError) {
          await outbox.setAside(item.id, (error as Error).message);
          continue;
        }
        this.failures += 1;
        // Up to 40 % jitter so that many agents coming back after a console outage do not retry in step.
        const delay = backoffDelayMs(this.failures - 1, { initialMs: 1_000, maxMs: 60_000, ...this.deps.backoff, jitter: 0.4 });
        // One line per outage and then every 10th try: an hour offline must not flood the log.
        if (this.failures === 1 || this.failures % 10 === 0) {
          logger.warn({ event: 'publish_failed', reason, violationId: item.id, failures: this.failures, retryInMs: delay, err: error }, 'delivery failed; will retry');
        }
        await this.pause(delay);
      }
    }
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const { outbox, publisher } = this.deps;
    for (const kind of mediaKinds) {
      if (item.state[kind]) continue;
      const local = item.record.media[kind];
      const response = await publisher.uploadMedia(item.id, kind, { path: join(item.dir, local.file), sha256: local.sha256, bytes: local.bytes, mime: local.mime });
      await outbox.markUploaded(item.id, kind, response);
    }
    await this.deps.afterStep?.('uploaded', item.id);
    if (item.state.enqueuedAt === undefined) {
      const job = completeJob(item.record.draft as unknown as ViolationDraft, { clip: this.mediaRef(item, 'clip'), snapshot: this.mediaRef(item, 'snapshot') });
      await publisher.enqueue(job);
      await this.deps.afterStep?.('enqueued', item.id);
      await outbox.markEnqueued(item.id, new Date(this.deps.now?.() ?? Date.now()).toISOString());
      this.deps.metrics.violationsPublished.inc();
      this.deps.logger.info({ event: 'violation_published', violationId: item.id, cameraId: job.cameraId }, 'violation enqueued to the console');
    }
    await this.deps.afterStep?.('marked', item.id);
    await outbox.remove(item.id);
  }

  private mediaRef(item: OutboxItem, kind: MediaKind): ViolationJob['media']['clip'] {
    const uploaded = item.state[kind];
    if (!uploaded) throw new PublishError('outbox_io', `the ${kind} of ${item.id} has no upload record`);
    const local = item.record.media[kind];
    return {
      uri: uploaded.uri,
      sha256: uploaded.sha256,
      bytes: uploaded.bytes,
      mime: local.mime,
      ...(local.durationSeconds !== undefined ? { durationSeconds: local.durationSeconds } : {}),
      ...(local.shortfall !== undefined ? { shortfall: local.shortfall } : {}),
      ...(local.marks !== undefined ? { marks: local.marks } : {}),
    };
  }

  /** Sleeps for `ms`, cut short by a new outbox item (when idle) or by stop(). */
  private pause(ms: number): Promise<void> {
    if (this.abort.signal.aborted) return Promise.resolve();
    const idle = !Number.isFinite(ms);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      if (!idle) timer = setTimeout(done, ms);
      // During a backoff a new item must not cut the wait short; only stop() may.
      this.wake = idle ? done : () => (this.abort.signal.aborted ? done() : undefined);
    });
  }
}
