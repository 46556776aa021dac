import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { configOrThrow, reportUsage, UsageError } from '../command-context.js';
import { createApp } from '../../http/app.js';
import { createLogger } from '../../log/logger.js';
import { createRegistry } from '../../metrics/console-metrics.js';
import { openConsoleRuntime } from '../../runtime/console-runtime.js';
import { waitForShutdownSignal } from '../../runtime/signals.js';
import { startConsoleWorker, type ConsoleWorker } from '../../worker/console-worker.js';

/** In-flight requests get this long after SIGTERM before their connections are cut. */
const DRAIN_MS = 10_000;

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the API and the web UI (and, by default, the worker)',
  help: `Usage: review-console serve [--no-worker] [--port N] [--host H]

Serves the JSON API (/api, OpenAPI at /api/openapi.json), /metrics, /healthz and the built web
UI (review-console/web/dist), and runs the queue worker in the same process unless --no-worker.
Settings come from the environment: PORT (8080), HOST (127.0.0.1), REDIS_URL (required for the
worker), DATABASE_URL (unset = SQLite), WARDWATCH_DATA_DIR (./data), SESSION_SECRET (generated
when unset), WARDWATCH_SECRET_KEY (32 bytes, hex or base64: seals camera passwords; generated into
<data dir>/secret-key when unset, so back that file up), WARDWATCH_AGENT_REDIS_URL (the Redis URL
handed to enrolled agents; REDIS_URL when unset), QUEUE_PREFIX (bull), LOG_LEVEL, TRUST_PROXY (the
number of reverse proxies in front, e.g. 1, or their addresses; never "true"), WARDWATCH_MEDIA_URL
(where evidence files go: unset = <data dir>/media, or s3://<bucket>[/<prefix>] with S3_ENDPOINT
for a server other than AWS, S3_REGION (us-east-1), and S3_ACCESS_KEY_ID with S3_SECRET_ACCESS_KEY
or else the AWS SDK's default credentials); optionally a JSON file named by WARDWATCH_CONSOLE_CONFIG. Stops gracefully on SIGTERM or SIGINT.

Example:
  REDIS_URL=redis://127.0.0.1:6379 review-console serve --port 8080`,
  async run(args) {
    try {
      const { values } = parseArgs({ args, options: { 'no-worker': { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' } }, strict: true });
      const config = configOrThrow({ ...(values.port ? { PORT: values.port } : {}), ...(values.host ? { HOST: values.host } : {}) });
      const withWorker = values['no-worker'] !== true;
      if (withWorker && !config.redisUrl) {
        throw new UsageError('REDIS_URL is not set. The worker needs Redis to receive violations from agents: set REDIS_URL=redis://host:6379, or run with --no-worker to serve the API only.');
      }
      const logger = createLogger({ level: config.logLevel });
      const registry = createRegistry({ defaultMetrics: true });
      const runtime = await openConsoleRuntime(config, registry, logger);
      let worker: ConsoleWorker | undefined;
      let server: Server | undefined;
      try {
        const app = createApp({ services: runtime.services, registry, logger, health: runtime.health, webDistDir: config.webDistDir, trustProxy: config.trustProxy });
        server = await new Promise<Server>((resolve, reject) => {
          const s = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(s)));
        });
        if (withWorker && config.redisUrl) worker = await startConsoleWorker({ redisUrl: config.redisUrl, prefix: config.queuePrefix, services: runtime.services, logger, retention: { everyMs: config.retention.everyMinutes * 60_000 } });
        const address = server.address();
        const port = address && typeof address === 'object' ? address.port : config.port;
        process.stdout.write(`review-console listening on http://${config.host}:${port}${worker ? ' (worker running)' : ''}\n`);
        const signal = await waitForShutdownSignal();
        logger.info({ signal }, 'shutting down');
      } finally {
        if (server) await closeServer(server);
        await worker?.close();
        await runtime.close();
      }
      return ExitCode.ok;
    } catch (error) {
      const code = reportUsage('serve', error);
      if (code !== null) return code;
      throw error;
    }
  },
};
