import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { mediaUploadPath, mediaUploadResponse, type MediaKind, type MediaUploadResponse } from '@wardwatch/contracts';
import { redactText } from '../config/redact.js';
import { PublishError } from './publish-error.js';
import type { MediaFile } from './violation-publisher.js';

export interface ConsoleUploaderOptions {
  /** The console's base URL (`https://console.example/`). */
  url: string;
  token: string;
  /** A 64 MB clip over a slow uplink; past this the attempt is retried later. */
  timeoutMs?: number;
}

/** PUTs evidence to the console's authenticated, idempotent upload endpoint (see contracts/media). */
export class ConsoleMediaUploader {
  constructor(private readonly options: ConsoleUploaderOptions) {}

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
    const target = new URL(mediaUploadPath(violationId, kind), this.options.url);
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'PUT',
        headers: { authorization: `Bearer ${this.options.token}`, 'content-type': file.mime, 'x-content-sha256': file.sha256 },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 120_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new PublishError('console_unreachable', `console upload failed: ${redactText(String(cause), [this.options.token])}`);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const reason = response.status === 401 || response.status === 403 ? 'console_auth' : response.status >= 500 ? 'console_error' : 'console_rejected';
      // The console refused this item's bytes for good (malformed, too large, wrong type, or other
      // evidence already stored under its id): retrying it would only hold up every later violation.
      const refused = [400, 409, 413, 415, 422].includes(response.status);
      throw new PublishError(reason, `console answered ${response.status} to the ${kind} upload: ${redactText(text.slice(0, 300), [this.options.token])}`, refused);
    }
    let parsed: MediaUploadResponse;
    try {
      parsed = mediaUploadResponse.parse(JSON.parse(text));
    } catch {
      throw new PublishError('console_error', `console answered the ${kind} upload with an unexpected body`);
    }
    if (parsed.sha256 !== file.sha256 || parsed.bytes !== file.bytes) {
      throw new PublishError('media_mismatch', `console stored different bytes for the ${kind} of ${violationId}`);
    }
    return parsed;
  }
}
