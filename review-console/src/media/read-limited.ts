import type { Readable } from 'node:stream';
import { PayloadTooLarge } from '../domain/errors.js';

/** Reads a small body into memory, refusing it as soon as it passes `maxBytes`. */
export async function readLimited(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    bytes += buffer.length;
    if (bytes > maxBytes) {
      body.destroy();
      throw new PayloadTooLarge(`the file is larger than ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
