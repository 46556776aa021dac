import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSecretKey } from './console-config.js';

/**
 * The key that seals camera credentials at rest: WARDWATCH_SECRET_KEY when set, otherwise one
 * generated on first start and kept (mode 0600, 64 hex characters) in `<dataDir>/secret-key`, the
 * same pattern as the session secret. Losing this file makes the stored camera passwords
 * unreadable (they must be typed again), so it belongs in the data folder's backup.
 */
export async function resolveSecretKey(configured: Buffer | undefined, dataDir: string): Promise<Buffer> {
  if (configured) return configured;
  const file = join(dataDir, 'secret-key');
  const stored = await readKeyFile(file);
  if (stored) return stored;
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    await writeFile(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process (serve and worker starting together) wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const theirs = await readKeyFile(file);
      if (theirs) return theirs;
    }
    throw error;
  }
}

async function readKeyFile(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const key = decodeSecretKey(text);
  // A damaged key file must stop the start, not be replaced: a new key would orphan every stored password.
  if (!key) throw new Error(`${file} does not hold a 32-byte key (64 hex characters); restore it from a backup or set WARDWATCH_SECRET_KEY`);
  return key;
}
