import { loadConsoleConfig, type ConsoleConfig } from '../config/console-config.js';
import { createLogger, type Logger } from '../log/logger.js';
import { createRegistry } from '../metrics/console-metrics.js';
import { openConsoleRuntime, type ConsoleRuntime } from '../runtime/console-runtime.js';
import { DomainError } from '../domain/errors.js';

export class UsageError extends Error {}

/** The validated configuration, or UsageError listing every problem. */
export function configOrThrow(overrides: NodeJS.ProcessEnv = {}): ConsoleConfig {
  const result = loadConsoleConfig({ ...process.env, ...overrides });
  if (!result.ok) throw new UsageError(`the configuration has problems:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
  return result.config;
}

/** For the short admin commands: open storage, do the work, close; business errors become plain messages. */
export async function withRuntime(work: (runtime: ConsoleRuntime, logger: Logger) => Promise<number>): Promise<number> {
  const config = configOrThrow();
  // Admin commands talk to the person at the terminal; logs only for warnings.
  const logger = createLogger({ level: 'warn' });
  const runtime = await openConsoleRuntime({ ...config, redisUrl: undefined }, createRegistry(), logger);
  try {
    return await work(runtime, logger);
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`review-console: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await runtime.close();
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function reportUsage(name: string, error: unknown): number | null {
  if (error instanceof UsageError || error instanceof DomainError) {
    process.stderr.write(`review-console ${name}: ${error.message}\n`);
    return 2;
  }
  return null;
}
