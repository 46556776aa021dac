import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { PayloadTooLarge } from '../domain/errors.js';
import { assertMediaKey, type MediaStore, type StagedMedia } from './media-store.js';

/** Evidence files under `<root>/media/<violationId>/<kind>`, written via temp file, fsync and rename. */
export class LocalMediaStore implements MediaStore {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = join(root, 'media', '.incoming');
  }

  async stage(body: Readable, maxBytes: number): Promise<StagedMedia> {
    await mkdir(this.tmpDir, { recursive: true });
    const tmp = join(this.tmpDir, `${randomBytes(12).toString('hex')}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          callback(new PayloadTooLarge(`the file is larger than ${maxBytes} bytes`));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(tmp, { flags: 'wx' }));
      const handle = await open(tmp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    return {
      sha256,
      bytes,
      commit: async (key) => {
        const target = this.pathOf(key);
        await mkdir(dirname(target), { recursive: true });
        await rename(tmp, target);
        // The rename must survive a crash too, so the directory entry is synced.
        const dir = await open(dirname(target), 'r');
        try {
          await dir.sync();
        } finally {
          await dir.close();
        }
      },
      discard: () => rm(tmp, { force: true }),
    };
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  read(key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    // The case's folder goes once both files are gone; a file still in it keeps it.
    await rmdir(dirname(path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'ENOENT' && error.code !== 'EEXIST') throw error;
    });
  }

  private pathOf(key: string): string {
    assertMediaKey(key);
    return join(this.root, key);
  }
}
