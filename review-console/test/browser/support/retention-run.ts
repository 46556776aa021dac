import { openDatabase } from '../../../src/db/database.js';
import { LocalMediaStore } from '../../../src/media/local-media-store.js';
import { createRegistry } from '../../../src/metrics/console-metrics.js';
import type { PurgeReport } from '../../../src/services/retention.service.js';
import { createServices } from '../../../src/services/console-services.js';

/**
 * Runs the console's own retention pass on a running stack's SQLite database and media folder,
 * with the clock moved `daysLater` ahead: evidence of cases decided before the policy's cut-off
 * is deleted exactly as the worker's scheduled job would, without waiting a month.
 */
export async function runRetentionLater(dataDir: string, daysLater: number, policy = { dismissedDays: 30, confirmedDays: 365 }): Promise<PurgeReport> {
  const database = openDatabase({ dataDir });
  try {
    const later = new Date(Date.now() + daysLater * 86_400_000);
    const services = createServices({ db: database.db, media: new LocalMediaStore(dataDir), registry: createRegistry(), sessionSecret: 'retention-run-'.padEnd(40, 'x'), clock: () => later, retention: policy });
    return await services.retention.purgeDue();
  } finally {
    await database.close();
  }
}
