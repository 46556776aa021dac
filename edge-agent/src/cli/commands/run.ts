import { parseArgs } from 'node:util';
import { Agent } from '../../agent/agent.js';
import { ConfigError, loadAgentConfig } from '../../config/index.js';
import { createLogger } from '../../log/logger.js';
import { createRegistry } from '../../metrics/registry.js';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run every configured camera: ingest, detection, rules, evidence and delivery',
  help: `Usage: edge-agent run --config FILE [--http-port PORT]

Starts every camera of the config (a supervised ffmpeg each, restarted with backoff when the
stream drops) and the agent's HTTP endpoint on agent.httpHost:agent.httpPort
(default 127.0.0.1:9464): /metrics (Prometheus), /healthz, /status (cameras, states, fps,
last error). SIGTERM or SIGINT stops everything gracefully.

Example:
  edge-agent run --config /etc/wardwatch/agent.yaml`,
  async run(args) {
    const { values } = parseArgs({ args, options: { config: { type: 'string', short: 'c' }, 'http-port': { type: 'string' } }, strict: true });
    if (!values.config) {
      process.stderr.write('run: --config FILE is required\n');
      return ExitCode.usage;
    }
    const httpPort = values['http-port'] === undefined ? undefined : Number(values['http-port']);
    if (httpPort !== undefined && !(Number.isInteger(httpPort) && httpPort >= 0 && httpPort <= 65_535)) {
      process.stderr.write('run: --http-port must be a port number\n');
      return ExitCode.usage;
    }
    let config;
    try {
      config = await loadAgentConfig(values.config);
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        return ExitCode.usage;
      }
      throw error;
    }
    const logger = createLogger();
    const agent = new Agent(config, { registry: createRegistry({ defaultMetrics: true }), logger, ...(httpPort !== undefined ? { httpPort } : {}) });
    const signalled = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    try {
      await agent.start();
    } catch (error) {
      logger.error({ err: error }, 'agent failed to start');
      await agent.stop();
      return ExitCode.failure;
    }
    const signal = await signalled;
    logger.info({ signal }, 'stopping');
    await agent.stop();
    return ExitCode.ok;
  },
};
