import { pino, type Logger } from 'pino';
import { redactText } from '../config/redact.js';

export type { Logger } from 'pino';

/**
 * Structured logs, one line per event. Every string that passes through is scrubbed of URL
 * credentials, and the usual secret-bearing keys are censored, so a camera password or a token
 * cannot reach a log file even when an error message quotes it. A secret-named key is censored at
 * any depth, an object nested deeper than the scrubber looks is not printed, and each finished
 * line is scrubbed of URL credentials again, which covers a child logger's bound fields.
 */
export function createLogger(options: { level?: string; name?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'edge-agent',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: ['token', '*.token', 'password', '*.password', 'authorization', '*.authorization', 'redis.url', 'console.token'], censor: '***' },
      // Errors become { type, message } here, without their stacks; the message (`msg`, arguments
      // interpolated) and a child's bound fields are scrubbed with the rest of the line in
      // scrubbedLines. pino's own `err` serializer runs after this and would take the plain
      // { type, message } for an error whose type is "Object": it is turned off.
      formatters: { log: (object) => scrubStrings(object) as Record<string, unknown> },
      serializers: { err: (value: unknown) => value },
    },
    scrubbedLines(options.destination ?? process.stderr),
  );
}

/**
 * The last line of defence: every finished line is scrubbed of URL credentials once more. A child
 * logger's bound fields (`logger.child({ url })`) are serialised once when the child is made and
 * never pass through the log formatter above.
 */
function scrubbedLines(destination: NodeJS.WritableStream): { write(line: string): boolean } {
  return { write: (line: string) => destination.write(scrubLine(line)) };
}

/**
 * Field by field, not over the raw text: a credentials pattern run over a whole JSON line could
 * span two fields (`"https://console.ward.vn","contact":"ops@ward.vn"`) and break the line.
 */
function scrubLine(line: string): string {
  try {
    return `${JSON.stringify(scrubStrings(JSON.parse(line)))}\n`;
  } catch {
    // Not one JSON object (never from pino): scrub the text as it is.
    return redactText(line);
  }
}

/** Keys whose values are secrets whatever they hold (`password`, `redisPassword`, `apiToken`, `secret_key`, `Authorization`...). */
const SECRET_KEY = /password|passwd|^pass$|_pass$|token$|secret|authorization|api_?key|credential/i;
const MAX_DEPTH = 6;

export function scrubStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[nested too deep to log]';
  if (value instanceof Error) return { type: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEY.test(key) && item !== undefined && item !== null ? '***' : scrubStrings(item, depth + 1);
  return out;
}
