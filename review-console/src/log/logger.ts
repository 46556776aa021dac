import { redactUrlCredentials } from '@wardwatch/contracts';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** `redis://:secret@host` -> `redis://:***@host`, wherever it appears in a message. */
export function redactUrls(text: string): string {
  return redactUrlCredentials(text);
}

/**
 * Structured logs, one line per event. Passwords, tokens, cookies and connection strings are
 * censored by key, and URL credentials are scrubbed from every message.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      name: 'review-console',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'cookie', '*.cookie', 'sessionSecret', 'secretKey', 'redisUrl', 'agentRedisUrl', 'databaseUrl', 'enrolmentToken', '*.enrolmentToken', 'url', '*.url', 'req.headers.authorization', 'req.headers.cookie'],
        censor: '***',
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactUrls(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? process.stderr,
  );
}
