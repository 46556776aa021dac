import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { enrolRequest, slugId } from '@wardwatch/contracts';
import { z } from 'zod';
import { ConsoleClient, ConsoleRequestError } from './console-client.js';
import { readJsonIfExists, writePrivateJson } from './private-file.js';

/**
 * What an agent keeps after it enrolled, in `<dataDir>/enrolment.json` (mode 0600: the token is
 * the agent's password to the console). Later starts read it and need no flag again.
 */
const enrolmentFile = z
  .object({
    consoleUrl: z.url(),
    agentId: slugId,
    ward: slugId,
    token: z.string().min(16),
    enrolledAt: z.string(),
    /**
     * SHA-256 of the one-time token this enrolment came from (or that was found spent since): a
     * start with that token still set (a compose or systemd environment) then asks the console
     * nothing. Absent in files written before it existed.
     */
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .strict();
export type Enrolment = z.infer<typeof enrolmentFile>;

/** Enrolment could not happen, or its file cannot be used; the message says why, without secrets. */
export class EnrolmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnrolmentError';
  }
}

/** The console answered the enrolment with a refusal (`status`, a 4xx): asking again will not help. */
export class EnrolmentRefused extends EnrolmentError {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'EnrolmentRefused';
  }
}

/** The console could not answer the enrolment (down, too slow, a 5xx): a later try may work. */
export class EnrolmentUnavailable extends EnrolmentError {
  constructor(message: string) {
    super(message);
    this.name = 'EnrolmentUnavailable';
  }
}

export function enrolmentPath(dataDir: string): string {
  return join(dataDir, 'enrolment.json');
}

export async function readEnrolment(dataDir: string): Promise<Enrolment | undefined> {
  const path = enrolmentPath(dataDir);
  let raw: unknown;
  try {
    raw = await readJsonIfExists(path);
  } catch (error) {
    throw new EnrolmentError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); enrol again with --console URL --enrol TOKEN`);
  }
  if (raw === undefined) return undefined;
  const parsed = enrolmentFile.safeParse(raw);
  if (!parsed.success) throw new EnrolmentError(`${path}: not a valid enrolment file; enrol again with --console URL --enrol TOKEN`);
  return parsed.data;
}

/** Words for each refusal an installer meets when enrolling. */
function refusalHint(status: number | undefined): string {
  switch (status) {
    case 400:
    case 401:
    case 403:
    case 404:
    case 410:
      return 'the enrolment token is unknown, already used or expired: create a new one in the console (Agents > enrol again)';
    case 429:
      return 'too many attempts: wait a minute and try again';
    default:
      return 'try again; if it persists, look at the console\'s log';
  }
}

/**
 * Trades the one-time token for the agent's identity and own token, and saves them. The
 * enrolment token is spent by the console on success, so the answer is saved before anything
 * else can fail. Throws an EnrolmentError naming the console (no credentials) and the reason.
 */
export async function enrol(options: { consoleUrl: string; enrolmentToken: string; dataDir: string; now?: () => Date }): Promise<Enrolment> {
  if (!enrolRequest.safeParse({ enrolmentToken: options.enrolmentToken }).success) {
    throw new EnrolmentError('the enrolment token does not look like one (16 to 200 characters): copy it again from the console');
  }
  const client = new ConsoleClient({ url: options.consoleUrl });
  let answer;
  try {
    answer = await client.enrol(options.enrolmentToken);
  } catch (error) {
    if (!(error instanceof ConsoleRequestError)) throw error;
    if (error.kind === 'refused' && (error.status ?? 0) < 500) throw new EnrolmentRefused(`enrolment refused: ${error.message} (${refusalHint(error.status)})`, error.status);
    if (error.kind === 'refused') throw new EnrolmentUnavailable(`enrolment refused: ${error.message} (${refusalHint(error.status)})`);
    throw new EnrolmentUnavailable(`enrolment failed: ${error.message}`);
  }
  const enrolment: Enrolment = {
    consoleUrl: options.consoleUrl,
    agentId: answer.agentId,
    ward: answer.ward,
    token: answer.token,
    enrolledAt: (options.now?.() ?? new Date()).toISOString(),
    tokenSha256: tokenDigest(options.enrolmentToken),
  };
  await writePrivateJson(enrolmentPath(options.dataDir), enrolment);
  return enrolment;
}

function tokenDigest(enrolmentToken: string): string {
  return createHash('sha256').update(enrolmentToken).digest('hex');
}

/** The same console, written with or without a trailing slash. */
function sameConsole(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** How a start given an enrolment token went: enrolled now, or kept the saved enrolment and why. */
export type StartEnrolment =
  | { kind: 'enrolled'; enrolment: Enrolment }
  | { kind: 'kept'; enrolment: Enrolment; why: 'token_used_before' | 'refused' | 'console_unreachable'; reason?: string };

/**
 * Enrolment at start, for an agent whose token may stay set in its environment for good:
 *  - the saved enrolment for this console came from this very token: kept, the console is not asked
 *    (each refused try would count against its per-address enrolment limit);
 *  - else the console is asked; when it refuses (4xx) or cannot be reached and an enrolment for the
 *    same console is saved, that one is kept (a refused token is remembered as spent, so the next
 *    start does not ask again); with nothing saved, the EnrolmentError is thrown as before.
 * A token is tried once per start: never again in a loop.
 */
export async function enrolAtStart(options: { consoleUrl: string; enrolmentToken: string; dataDir: string; previous: Enrolment | undefined }): Promise<StartEnrolment> {
  const { previous } = options;
  const saved = previous && sameConsole(previous.consoleUrl, options.consoleUrl) ? previous : undefined;
  if (saved?.tokenSha256 !== undefined && saved.tokenSha256 === tokenDigest(options.enrolmentToken)) {
    return { kind: 'kept', enrolment: saved, why: 'token_used_before' };
  }
  try {
    return { kind: 'enrolled', enrolment: await enrol(options) };
  } catch (error) {
    if (!saved) throw error;
    if (error instanceof EnrolmentUnavailable) return { kind: 'kept', enrolment: saved, why: 'console_unreachable', reason: error.message };
    if (error instanceof EnrolmentRefused) {
      // 429 says "not now", not "never": that token may still work later.
      if (error.status === 429) return { kind: 'kept', enrolment: saved, why: 'refused', reason: error.message };
      const spent: Enrolment = { ...saved, tokenSha256: tokenDigest(options.enrolmentToken) };
      // Not remembering it only costs one more refused try at the next start.
      const remembered = await writePrivateJson(enrolmentPath(options.dataDir), spent).then(() => spent, () => saved);
      return { kind: 'kept', enrolment: remembered, why: 'refused', reason: error.message };
    }
    throw error;
  }
}
