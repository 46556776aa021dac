import { chmod, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../outbox/durable-fs.js';

/**
 * Files that hold a token or camera passwords: owner read/write only, written whole (temp
 * file, fsync, rename) so that a crash leaves the old file or the new one, never half of one.
 */
const PRIVATE_MODE = 0o600;

export async function writePrivateJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, PRIVATE_MODE);
  // The umask can only take bits away; chmod makes sure of the exact mode.
  await chmod(path, PRIVATE_MODE);
}

/** The parsed JSON, or undefined when the file does not exist. Other read errors throw. */
export async function readJsonIfExists(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as unknown;
}
