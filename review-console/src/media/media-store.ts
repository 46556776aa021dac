import type { Readable } from 'node:stream';

/** Bytes received and hashed but not yet visible under a key. */
export interface StagedMedia {
  sha256: string;
  bytes: number;
  /** Makes the bytes visible under `key`, atomically (a reader sees the old file or the new one). */
  commit(key: string): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Where evidence files live: a local folder today, object storage later. Keys are the contract's
 * media URIs (`media/<violationId>/<kind>`); implementations reject anything else.
 */
export interface MediaStore {
  /** Reads the stream to the end, hashing it; rejects with PayloadTooLarge past maxBytes. */
  stage(body: Readable, maxBytes: number): Promise<StagedMedia>;
  /** Size in bytes, or null when nothing is stored under the key. */
  size(key: string): Promise<number | null>;
  /** A stream of the inclusive byte range (or the whole object). */
  read(key: string, range?: { start: number; end: number }): Readable;
  /** Deletes the object for good; nothing stored under the key is not an error (retention may run twice). */
  delete(key: string): Promise<void>;
}

const MEDIA_KEY = /^media\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/(clip|snapshot|clip-view)$/;

/** The console's own media beside an agent's upload: the H.264 copy of a clip browsers cannot play. */
export const VIEWING_COPY_KIND = 'clip-view';

export function viewingCopyKey(violationId: string): string {
  return `media/${violationId}/${VIEWING_COPY_KIND}`;
}

export function assertMediaKey(key: string): void {
  if (!MEDIA_KEY.test(key)) throw new Error(`not a media key: ${JSON.stringify(key.slice(0, 80))}`);
}
