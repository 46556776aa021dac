/*
 * The publisher as its own process, for the crash tests: drains the outbox at OUTBOX_DIR and exits
 * 0 when it is empty. With CRASH_AT set to a delivery step, the process SIGKILLs itself the first
 * time it reaches that step: no cleanup, no flush, exactly what `kill -9` does.
 */
import { createDeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import { createRegistry } from '../../src/metrics/registry.js';
import { createLogger } from '../../src/log/logger.js';
import { DiskOutbox } from '../../src/outbox/disk-outbox.js';
import { createConsoleQueuePublisher } from '../../src/publish/console-queue-publisher.js';
import { OutboxPublisher } from '../../src/publish/outbox-publisher.js';

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const logger = createLogger({ name: 'publisher-child', level: 'warn' });
const metrics = createDeliveryMetrics(createRegistry());
const outbox = await DiskOutbox.open({ dir: need('OUTBOX_DIR'), maxBytes: 100_000_000, logger, metrics });
const publisher = createConsoleQueuePublisher({ consoleUrl: need('CONSOLE_URL'), token: need('AGENT_TOKEN'), redisUrl: need('CHILD_REDIS_URL'), logger, prefix: need('QUEUE_PREFIX') });
const crashAt = process.env.CRASH_AT;
const drain = new OutboxPublisher({
  outbox,
  publisher,
  logger,
  metrics,
  backoff: { initialMs: 200, maxMs: 1_000 },
  afterStep: (step) => {
    if (step === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
drain.start();
while (outbox.pending().length > 0) await new Promise((resolve) => setTimeout(resolve, 50));
await drain.stop();
await publisher.close();
process.exit(0);
