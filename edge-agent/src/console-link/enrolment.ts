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
    if (error.kind === 'refused') throw new EnrolmentError(`enrolment refused: ${error.message} (${refusalHint(error.status)})`);
    throw new EnrolmentError(`enrolment failed: ${error.message}`);
  }
  const enrolment: Enrolment = {
    consoleUrl: options.consoleUrl,
    agentId: answer.agentId,
    ward: answer.ward,
    token: answer.token,
    enrolledAt: (options.now?.() ?? new Date()).toISOString(),
  };
  await writePrivateJson(enrolmentPath(options.dataDir), enrolment);
  return enrolment;
}
