import { randomBytes } from 'node:crypto';
import { open, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/*
 * A rename is atomic but not durable until the directory entry is on disk, and a file's bytes
 * are not durable until it is fsynced: after a power cut or SIGKILL the outbox must hold either
 * the old version or the new one, never a torn file under the final name.
 */

export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Renames and then syncs the target's parent, so the move survives a crash. */
export async function durableRename(from: string, to: string): Promise<void> {
  await rename(from, to);
  await fsyncPath(dirname(to));
}

/**
 * Writes via a temp file in the same directory, fsync, rename, fsync of the directory. `mode`
 * is set when the temp file is created, so a private file (0600) is never readable by others,
 * not even for a moment.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, data, mode === undefined ? {} : { mode });
  await fsyncPath(tmp);
  await durableRename(tmp, path);
}
