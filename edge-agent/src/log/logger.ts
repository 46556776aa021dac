import { pino, type Logger } from 'pino';
import { redactText } from '../config/redact.js';

export type { Logger } from 'pino';

/**
 * Structured logs, one line per event. Every string that passes through is scrubbed of URL
 * credentials, and the usual secret-bearing keys are censored, so a camera password or a token
 * cannot reach a log file even when an error message quotes it.
 */
export function createLogger(options: { level?: string; name?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'edge-agent',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: ['token', '*.token', 'password', '*.password', 'authorization', '*.authorization', 'redis.url', 'console.token'], censor: '***' },
      formatters: { log: (object) => scrubStrings(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? process.stderr,
  );
}

function scrubStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrubStrings(item, depth + 1);
  return out;
}
