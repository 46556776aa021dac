import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateRedis } from '@wardwatch/devkit';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/** REDIS_URL when set, otherwise a private redis-server that is stopped afterwards. */
export async function testRedis(): Promise<TestRedis> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), 'ww-redis-'));
  const redis = await startPrivateRedis({ dataDir, persist: false });
  return {
    url: redis.url,
    async stop() {
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
