import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { formatIssues } from '@wardwatch/contracts';
import { isRedisAddress, REDIS_ADDRESS_RULE } from '@wardwatch/contracts/redis-address';
import type { S3MediaLocation } from '../media/s3-media-store.js';

export type TrustProxy = false | number | string;

/** An address, a CIDR block, or one of Express's names for the private ranges. */
const PROXY_ADDRESS = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/;

/**
 * TRUST_PROXY: `false`/`0` (default), the number of reverse proxies in front (`1` for one nginx),
 * or their addresses (`10.0.0.5, loopback`). Never "trust everyone": with `true` the left-most
 * X-Forwarded-For, which any client writes, would be the address the login throttle counts.
 */
const trustProxySetting = z.string().superRefine((value, ctx) => {
  const v = value.trim().toLowerCase();
  if (v === 'true') {
    ctx.addIssue({ code: 'custom', message: 'true would believe any X-Forwarded-For a client sends; give the number of proxies in front (1) or their addresses' });
    return;
  }
  if (v === 'false' || /^\d{1,2}$/.test(v)) return;
  const bad = v.split(',').map((a) => a.trim()).filter((a) => !PROXY_ADDRESS.test(a));
  if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `not a proxy address: ${bad.join(', ')} (expected a count, addresses, CIDR blocks or loopback)` });
});

function trustProxyOf(value: string): TrustProxy {
  const v = value.trim().toLowerCase();
  if (v === 'false' || v === '0') return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  return v;
}

/** Where evidence files live: under the data folder, or in an S3 bucket. */
export type MediaSetting = { kind: 'local' } | ({ kind: 's3' } & S3MediaLocation);

/**
 * WARDWATCH_MEDIA_URL, `s3://<bucket>[/<prefix>]`. Bucket names as S3 allows them; the prefix is
 * folders of S3's "safe" characters, so a key needs no escaping anywhere it is written.
 */
const MEDIA_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])((?:\/[A-Za-z0-9!_.*'()-]+)*)\/?$/;
const MEDIA_URL_RULE = "must be s3://<bucket> or s3://<bucket>/<prefix> (bucket: 3 to 63 lowercase letters, digits, dots or hyphens; prefix: folders of letters, digits and - _ . ! * ' ( ))";

function parseMediaUrl(value: string): { bucket: string; prefix: string } | undefined {
  const match = MEDIA_URL.exec(value.trim());
  if (!match?.[1]) return undefined;
  const folders = (match[2] ?? '').split('/').filter((folder) => folder !== '');
  if (folders.some((folder) => folder === '.' || folder === '..')) return undefined;
  return { bucket: match[1], prefix: folders.map((folder) => `${folder}/`).join('') };
}

/** An S3 server's address: http(s), a host, maybe a port; credentials go in their own settings, never in a URL that gets logged. */
function isS3Endpoint(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}

/** Settings that mean nothing without WARDWATCH_MEDIA_URL: set alone, they are a half-done move to S3. */
const S3_ONLY = ['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/** Problems across media settings (zod checks each on its own); names only, never values. */
function mediaSettingProblems(input: Record<string, unknown>): string[] {
  const given = (key: string) => input[key] !== undefined;
  if (!given('WARDWATCH_MEDIA_URL')) {
    return S3_ONLY.filter(given).map((key) => `${key}: only read with WARDWATCH_MEDIA_URL=s3://<bucket>; set that too, or unset ${key} to keep media in the data folder`);
  }
  if (given('S3_ACCESS_KEY_ID') !== given('S3_SECRET_ACCESS_KEY')) {
    const missing = given('S3_ACCESS_KEY_ID') ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    return [`${missing}: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (unset both for the AWS SDK's default credentials)`];
  }
  return [];
}

export interface ConsoleConfig {
  port: number;
  host: string;
  redisUrl: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Unset: generated and kept in `<dataDir>/session-secret` (see session-secret.ts). */
  sessionSecret: string | undefined;
  /** AES-256 key for camera credentials at rest; unset: generated and kept in `<dataDir>/secret-key` (see secret-key.ts). */
  secretKey: Buffer | undefined;
  /** The Redis URL handed to enrolled agents; defaults to redisUrl (agents may reach Redis by another name than the console). */
  agentRedisUrl: string | undefined;
  queuePrefix: string;
  logLevel: string;
  /** Express's `trust proxy`: false, how many proxies stand in front, or their addresses. */
  trustProxy: TrustProxy;
  webDistDir: string;
  /** WARDWATCH_MEDIA_URL and the S3_* settings; holds the S3 secret: log S3MediaStore.describe() instead. */
  media: MediaSetting;
  retention: {
    dismissedDays: number;
    confirmedDays: number;
    /** How often the worker's retention job runs. */
    everyMinutes: number;
  };
}

/** review-console/web/dist, found from this compiled file (dist/src/config/). */
export function defaultWebDistDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
}

/** How to reach the bucket of WARDWATCH_MEDIA_URL (or of `media migrate --to`). */
const s3Fields = {
  S3_ENDPOINT: z.string().refine(isS3Endpoint, 'must be http(s)://host[:port], without credentials in it (use S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY)').optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be a region name such as us-east-1').default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().regex(/^\S{1,128}$/, 'must be 1 to 128 characters without spaces').optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).max(256, 'must be at most 256 characters').optional(),
};
const s3Schema = z.object(s3Fields).strip();
type S3Settings = z.infer<typeof s3Schema>;

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    REDIS_URL: z.string().refine(isRedisAddress, REDIS_ADDRESS_RULE).optional(),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL (unset for SQLite)').optional(),
    WARDWATCH_DATA_DIR: z.string().min(1).default('./data'),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (unset it to have one generated)').optional(),
    WARDWATCH_SECRET_KEY: z
      .string()
      .transform((value, ctx) => {
        const key = decodeSecretKey(value);
        if (!key) ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes written as 64 hex characters or in base64 (e.g. `openssl rand -hex 32`); unset it to have one generated' });
        return key ?? Buffer.alloc(0);
      })
      .optional(),
    WARDWATCH_AGENT_REDIS_URL: z.string().refine(isRedisAddress, `${REDIS_ADDRESS_RULE}, reachable from the agents`).optional(),
    // Braces allowed for a Redis Cluster hash tag (`{bull}`), which keeps a queue's keys in one slot.
    QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9:_{}-]{1,64}$/, 'must be letters, digits, ":", "_", "-" or braces').default('bull'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: trustProxySetting.default('false'),
    WARDWATCH_WEB_DIST: z.string().min(1).optional(),
    // Up to ten years; a day is the least that leaves a decision time to be reopened.
    RETENTION_DISMISSED_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
    RETENTION_CONFIRMED_DAYS: z.coerce.number().int().min(1).max(3_650).default(365),
    RETENTION_EVERY_MINUTES: z.coerce.number().int().min(1).max(1_440).default(60),
    WARDWATCH_MEDIA_URL: z
      .string()
      .transform((value, ctx) => {
        const location = parseMediaUrl(value);
        if (!location) ctx.addIssue({ code: 'custom', message: MEDIA_URL_RULE });
        return location ?? { bucket: '', prefix: '' };
      })
      .optional(),
    ...s3Fields,
  })
  .strip();

/** 64 hex characters or base64 (standard or URL-safe) of exactly 32 bytes; anything else is undefined. */
export function decodeSecretKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value, 'base64');
    if (key.length === 32) return key;
  }
  return undefined;
}

function s3LocationOf(where: { bucket: string; prefix: string }, v: S3Settings): S3MediaLocation {
  const credentials = v.S3_ACCESS_KEY_ID && v.S3_SECRET_ACCESS_KEY ? { accessKeyId: v.S3_ACCESS_KEY_ID, secretAccessKey: v.S3_SECRET_ACCESS_KEY } : undefined;
  return { ...where, endpoint: v.S3_ENDPOINT, region: v.S3_REGION, credentials };
}

export type S3LocationResult = { ok: true; location: S3MediaLocation } | { ok: false; errors: string[] };

/**
 * A bucket that is not (yet) the console's WARDWATCH_MEDIA_URL, such as `media migrate --to`'s:
 * `url` and the S3_* variables of `env`, by the same rules. Every problem is reported together,
 * the URL's under `urlName`; names only, never values.
 */
export function parseS3MediaLocation(url: string, env: NodeJS.ProcessEnv, urlName: string): S3LocationResult {
  const input = Object.fromEntries(S3_ONLY.flatMap((key) => (env[key] ? [[key, env[key]]] : [])));
  const errors: string[] = [];
  const where = parseMediaUrl(url);
  if (!where) errors.push(`${urlName}: ${MEDIA_URL_RULE}`);
  const result = s3Schema.safeParse(input);
  if (!result.success) errors.push(...formatIssues(result.error));
  errors.push(...mediaSettingProblems({ ...input, WARDWATCH_MEDIA_URL: url }));
  if (!where || !result.success || errors.length > 0) return { ok: false, errors };
  return { ok: true, location: s3LocationOf(where, result.data) };
}

export type ConfigResult = { ok: true; config: ConsoleConfig } | { ok: false; errors: string[] };

/** Keys of the optional JSON file (`WARDWATCH_CONSOLE_CONFIG`), in camelCase; the environment wins. */
const FILE_KEYS: Record<string, string> = {
  port: 'PORT', host: 'HOST', redisUrl: 'REDIS_URL', databaseUrl: 'DATABASE_URL', dataDir: 'WARDWATCH_DATA_DIR',
  sessionSecret: 'SESSION_SECRET', secretKey: 'WARDWATCH_SECRET_KEY', agentRedisUrl: 'WARDWATCH_AGENT_REDIS_URL', queuePrefix: 'QUEUE_PREFIX', logLevel: 'LOG_LEVEL', trustProxy: 'TRUST_PROXY', webDistDir: 'WARDWATCH_WEB_DIST',
  retentionDismissedDays: 'RETENTION_DISMISSED_DAYS', retentionConfirmedDays: 'RETENTION_CONFIRMED_DAYS', retentionEveryMinutes: 'RETENTION_EVERY_MINUTES',
  mediaUrl: 'WARDWATCH_MEDIA_URL', s3Endpoint: 'S3_ENDPOINT', s3Region: 'S3_REGION', s3AccessKeyId: 'S3_ACCESS_KEY_ID', s3SecretAccessKey: 'S3_SECRET_ACCESS_KEY',
};

function readFileSettings(path: string, errors: string[]): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('must be a JSON object');
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) {
      const envKey = FILE_KEYS[key];
      if (!envKey) errors.push(`${path}: unknown key "${key}"`);
      else out[envKey] = String(value);
    }
    return out;
  } catch (error) {
    errors.push(`WARDWATCH_CONSOLE_CONFIG (${path}): ${(error as Error).message}`);
    return {};
  }
}

/** Reads the settings once, at start; every problem is reported together. Empty variables count as unset. */
export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const errors: string[] = [];
  const fromFile = env.WARDWATCH_CONSOLE_CONFIG ? readFileSettings(env.WARDWATCH_CONSOLE_CONFIG, errors) : {};
  const fromEnv = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const input = { ...fromFile, ...fromEnv };
  const result = schema.safeParse(input);
  if (!result.success) errors.push(...formatIssues(result.error));
  errors.push(...mediaSettingProblems(input));
  if (!result.success || errors.length > 0) return { ok: false, errors };
  const v = result.data;
  return {
    ok: true,
    config: {
      port: v.PORT,
      host: v.HOST,
      redisUrl: v.REDIS_URL,
      databaseUrl: v.DATABASE_URL,
      dataDir: resolve(v.WARDWATCH_DATA_DIR),
      sessionSecret: v.SESSION_SECRET,
      secretKey: v.WARDWATCH_SECRET_KEY,
      agentRedisUrl: v.WARDWATCH_AGENT_REDIS_URL ?? v.REDIS_URL,
      queuePrefix: v.QUEUE_PREFIX,
      logLevel: v.LOG_LEVEL,
      trustProxy: trustProxyOf(v.TRUST_PROXY),
      webDistDir: v.WARDWATCH_WEB_DIST ? resolve(v.WARDWATCH_WEB_DIST) : defaultWebDistDir(),
      media: v.WARDWATCH_MEDIA_URL ? { kind: 's3', ...s3LocationOf(v.WARDWATCH_MEDIA_URL, v) } : { kind: 'local' },
      retention: { dismissedDays: v.RETENTION_DISMISSED_DAYS, confirmedDays: v.RETENTION_CONFIRMED_DAYS, everyMinutes: v.RETENTION_EVERY_MINUTES },
    },
  };
}
