import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createRedis } from '@wardwatch/contracts/redis';
import type { ConsoleConfig } from '../config/console-config.js';
import { resolveSecretKey } from '../config/secret-key.js';
import { resolveSessionSecret } from '../config/session-secret.js';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../db/database.js';
import { LocalMediaStore } from '../media/local-media-store.js';
import { describeS3Error, S3MediaStore } from '../media/s3-media-store.js';
import type { HealthProbe } from '../http/routes/ops.routes.js';
import { createServices, type ConsoleServices } from '../services/console-services.js';
import type { MediaStoreState } from '../services/media.service.js';

export interface ConsoleRuntime {
  database: OpenDatabase;
  services: ConsoleServices;
  health: HealthProbe;
  close(): Promise<void>;
}

/** How long /healthz reuses the media store's last answer. */
const MEDIA_CHECK_EVERY_MS = 30_000;

/** Planner statistics are refreshed this often (SQLite; see OpenDatabase.optimize). */
const OPTIMIZE_EVERY_MS = 3 * 3_600_000;

/** Opens storage (migrating it), wires the services, and knows how to check and close them. */
export async function openConsoleRuntime(config: ConsoleConfig, registry: Registry, logger: Logger): Promise<ConsoleRuntime> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db, database.engine);
  } catch (error) {
    await database.close();
    throw error;
  }
  const sessionSecret = await resolveSessionSecret(config.sessionSecret, config.dataDir);
  const secretKey = await resolveSecretKey(config.secretKey, config.dataDir);
  const s3 = config.media.kind === 's3' ? new S3MediaStore(config.media) : undefined;
  const services = createServices({
    db: database.db,
    media: s3 ?? new LocalMediaStore(config.dataDir),
    registry,
    sessionSecret,
    secretKey,
    agentDelivery: { redisUrl: config.agentRedisUrl, queuePrefix: config.queuePrefix },
    retention: config.retention,
    logger,
  });
  // A separate, non-blocking connection just for health checks; it never holds up shutdown.
  const probe = config.redisUrl ? createRedis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
  probe?.on('error', () => undefined);
  if (probe) await probe.connect().catch((error: Error) => logger.warn({ err: error.message }, 'redis is not reachable yet'));
  // Like Redis, a bucket that is down at start is a warning: uploads fail (and agents retry) until it is back.
  const media = s3 ? { kind: 's3', ...s3.describe() } : { kind: 'local' };
  if (s3) await s3.checkBucket().catch((error: unknown) => logger.warn({ media, err: describeS3Error(error, s3.describe()) }, 'the media bucket is not reachable yet'));
  // A store that lacks the newest case's clip is not where the cases' files are: every clip
  // would answer "no file" while the rest looks healthy. Said at start, and by /healthz.
  const mediaState = await services.media.checkStore();
  if (mediaState === 'missing') logger.error({ media }, 'the media store has no file for the newest case: check WARDWATCH_MEDIA_URL (bucket and prefix) or WARDWATCH_DATA_DIR, and that media migrate ran');
  // A load balancer asks every few seconds; the store is asked at most every 30 s, one check at a
  // time (a store that hangs is not asked again by every probe meanwhile).
  let mediaChecked = { at: Date.now(), state: Promise.resolve(mediaState) };
  const mediaHealth = (): Promise<MediaStoreState> => {
    if (Date.now() - mediaChecked.at > MEDIA_CHECK_EVERY_MS) mediaChecked = { at: Date.now(), state: services.media.checkStore().catch(() => 'down' as const) };
    return mediaChecked.state;
  };
  await database.optimize();
  const optimizer = setInterval(() => void database.optimize().catch((error: unknown) => logger.warn({ err: error }, 'database optimize failed')), OPTIMIZE_EVERY_MS);
  optimizer.unref();
  logger.info({ engine: database.engine, dataDir: config.dataDir, media }, 'storage ready');
  return {
    database,
    services,
    async health() {
      const db = await sql`select 1`.execute(database.db).then(() => 'ok' as const, () => 'down' as const);
      const redis = probe === null ? ('not_configured' as const) : await probe.ping().then(() => 'ok' as const, () => 'down' as const);
      return { database: db, redis, media: await mediaHealth() };
    },
    async close() {
      clearInterval(optimizer);
      probe?.disconnect();
      s3?.close();
      await database.close();
    },
  };
}
