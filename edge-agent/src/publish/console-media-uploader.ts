import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { mediaUploadResponse, type MediaKind, type MediaUploadResponse } from '@wardwatch/contracts';
import { ConsoleClient, ConsoleRequestError } from '../console-link/console-client.js';
import { PublishError } from './publish-error.js';
import type { MediaFile } from './violation-publisher.js';

export interface ConsoleUploaderOptions {
  /** The console's base URL (`https://console.example/`). */
  url: string;
  token: string;
  /** A 64 MB clip over a slow uplink; past this the attempt is retried later. */
  timeoutMs?: number;
}

/** Statuses with which the console refuses an item's bytes for good: retrying would only hold up every later violation. */
const REFUSED_FOR_GOOD = new Set([400, 409, 413, 415, 422]);

/**
 * PUTs evidence to the console's authenticated, idempotent upload endpoint (see contracts/media),
 * through the agent's console client, after checking the file still holds the recorded bytes;
 * the console's answer must name the same sha256 and size.
 */
export class ConsoleMediaUploader {
  private readonly client: ConsoleClient;

  constructor(private readonly options: ConsoleUploaderOptions) {
    this.client = new ConsoleClient({ url: options.url, token: options.token });
  }

  async upload(violationId: string, kind: MediaKind, file: MediaFile): Promise<MediaUploadResponse> {
    let body: Buffer;
    try {
      body = await readFile(file.path);
    } catch (error) {
      throw new PublishError('outbox_io', `cannot read the ${kind} of ${violationId}: ${(error as Error).message}`, (error as NodeJS.ErrnoException).code === 'ENOENT');
    }
    if (createHash('sha256').update(body).digest('hex') !== file.sha256) {
      throw new PublishError('outbox_io', `the ${kind} of ${violationId} no longer matches its recorded sha256`, true);
    }
    let answer: unknown;
    try {
      answer = await this.client.putMedia(violationId, kind, body, { mime: file.mime, sha256: file.sha256, timeoutMs: this.options.timeoutMs ?? 120_000 });
    } catch (error) {
      throw publishErrorOf(error, kind);
    }
    const parsed = mediaUploadResponse.safeParse(answer);
    if (!parsed.success) throw new PublishError('console_error', `console answered the ${kind} upload with an unexpected body`);
    if (parsed.data.sha256 !== file.sha256 || parsed.data.bytes !== file.bytes) {
      throw new PublishError('media_mismatch', `console stored different bytes for the ${kind} of ${violationId}`);
    }
    return parsed.data;
  }
}

/** The client's failure (already in words, without secrets) as the publisher's kind of failure. */
function publishErrorOf(error: unknown, kind: MediaKind): PublishError {
  if (!(error instanceof ConsoleRequestError)) return new PublishError('console_error', `${kind} upload: ${(error as Error).message}`);
  switch (error.kind) {
    case 'unreachable':
    case 'timeout':
      return new PublishError('console_unreachable', `${kind} upload: ${error.message}`);
    case 'invalid_answer':
      return new PublishError('console_error', `console answered the ${kind} upload with an unexpected body`);
    case 'refused': {
      const status = error.status ?? 0;
      const reason = status === 401 || status === 403 ? 'console_auth' : status >= 500 ? 'console_error' : 'console_rejected';
      return new PublishError(reason, `${kind} upload: ${error.message}`, REFUSED_FOR_GOOD.has(status));
    }
  }
}
