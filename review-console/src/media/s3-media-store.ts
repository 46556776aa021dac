import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PayloadTooLarge } from '../domain/errors.js';
import { assertMediaKey, type MediaStore, type StagedMedia } from './media-store.js';

// The pinned SDK (~3.1178) runs on Node 20; its "later releases need Node 22" notice is for us, not operators.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Where in object storage the evidence lives, and how to sign in there. */
export interface S3MediaLocation {
  bucket: string;
  /** Put before every key: empty, or folders ending in `/`. */
  prefix: string;
  /** A server other than AWS (MinIO, Ceph, Garage), addressed path-style; AWS when unset. */
  endpoint: string | undefined;
  region: string;
  /** Unset: the SDK's default chain (AWS_* variables, shared config files, an instance or task role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
}

/**
 * The smallest part S3 takes (all but the last). Parts are held in memory while they are sent, so
 * an upload holds at most (QUEUE_SIZE + 1) parts, ~15 MiB, whatever the file's size.
 */
const PART_BYTES = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;
const CONNECT_TIMEOUT_MS = 10_000;
/** A connection that goes quiet this long is given up (a half-open link would hold a request for ever). */
const IDLE_TIMEOUT_MS = 30_000;
/** S3 refuses presigned URLs that live longer than a week. */
const MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600;

/**
 * Evidence files as objects `<prefix>media/<violationId>/<kind>` in a bucket. A file is uploaded
 * (multipart past one part) to `<prefix>media/.incoming/<random>`, then read back and hashed: the
 * sha256 the console records is that of the stored bytes on any server, including those that
 * ignore checksum headers. On commit it is copied under its key (CopyObject, which takes up to
 * 5 GB, far past MAX_MEDIA_BYTES): a reader sees the old object or the new one, never a part. A
 * console that dies in between leaves a staging object; a lifecycle rule on
 * `<prefix>media/.incoming/` (and one aborting incomplete multipart uploads) sweeps those.
 */
export class S3MediaStore implements MediaStore {
  private readonly client: S3Client;

  constructor(private readonly location: S3MediaLocation) {
    this.client = new S3Client({
      region: location.region,
      ...(location.endpoint ? { endpoint: location.endpoint, forcePathStyle: true } : {}),
      ...(location.credentials ? { credentials: location.credentials } : {}),
      // An unreachable address fails the agent's upload in seconds instead of holding it open.
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: IDLE_TIMEOUT_MS },
      // Servers other than AWS often refuse or mis-store the SDK's default CRC32 trailers on
      // uploads; the read-back in stage() checks integrity on any server.
      ...(location.endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const } : {}),
    });
  }

  async stage(body: Readable, maxBytes: number): Promise<StagedMedia> {
    const staging = `${this.location.prefix}media/.incoming/${randomBytes(12).toString('hex')}`;
    const hash = createHash('sha256');
    let bytes = 0;
    let tooLarge = false;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          tooLarge = true;
          callback(new PayloadTooLarge(`the file is larger than ${maxBytes} bytes`));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const upload = new Upload({ client: this.client, params: { Bucket: this.location.bucket, Key: staging, Body: meter }, partSize: PART_BYTES, queueSize: QUEUE_SIZE });
    // Both settle whichever fails first: the upload stops reading when the meter errors, and
    // leaving the loop that reads the meter destroys it when the upload fails.
    const [received, stored] = await Promise.allSettled([pipeline(body, meter), upload.done()]);
    if (tooLarge) return this.abandon(staging, new PayloadTooLarge(`the file is larger than ${maxBytes} bytes`));
    // The upload's error when it failed: the meter's is then only "premature close", from the upload letting go of it.
    if (stored.status === 'rejected') return this.abandon(staging, stored.reason);
    if (received.status === 'rejected') return this.abandon(staging, received.reason);
    const sha256 = hash.digest('hex');
    let check: { sha256: string; bytes: number };
    try {
      check = await this.hashObject(staging);
    } catch (error) {
      return this.abandon(staging, error);
    }
    if (check.sha256 !== sha256 || check.bytes !== bytes) {
      return this.abandon(staging, new Error(`the media bucket stored ${check.bytes} bytes that do not hash to what was received (${bytes} bytes, sha256 ${sha256})`));
    }
    return {
      sha256,
      bytes,
      commit: async (key) => {
        const target = this.objectKey(key);
        await this.client.send(new CopyObjectCommand({ Bucket: this.location.bucket, Key: target, CopySource: copySource(this.location.bucket, staging) }));
        await this.deleteObject(staging);
      },
      discard: () => this.deleteObject(staging),
    };
  }

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key) }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Streams the object as it arrives; a reader that stops early (a player seeking) ends the request. */
  read(key: string, range?: { start: number; end: number }): Readable {
    const objectKey = this.objectKey(key);
    const out = new PassThrough();
    const abort = new AbortController();
    out.once('close', () => abort.abort());
    const command = new GetObjectCommand({ Bucket: this.location.bucket, Key: objectKey, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) });
    this.client
      .send(command, { abortSignal: abort.signal })
      .then((answer) => {
        if (!(answer.Body instanceof Readable)) throw new Error('the media bucket answered without a body');
        // The console has already promised the client this many bytes (Content-Length).
        if (range && answer.ContentLength !== range.end - range.start + 1) {
          answer.Body.destroy();
          throw new Error(`the media bucket answered ${answer.ContentLength} bytes for a range of ${range.end - range.start + 1}`);
        }
        return pipeline(answer.Body, out);
      })
      .catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
    return out;
  }

  async delete(key: string): Promise<void> {
    await this.deleteObject(this.objectKey(key));
  }

  /**
   * A URL that fetches the object straight from the bucket for `seconds`, for serving past the
   * console. Such a read is not in the audit log: the console's own routes remain the default.
   */
  signedUrl(key: string, options: { seconds: number; contentType?: string }): Promise<string> {
    if (!Number.isInteger(options.seconds) || options.seconds < 1 || options.seconds > MAX_SIGNED_URL_SECONDS) {
      throw new RangeError(`a signed URL lives 1 to ${MAX_SIGNED_URL_SECONDS} seconds`);
    }
    const command = new GetObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key), ...(options.contentType ? { ResponseContentType: options.contentType } : {}) });
    return getSignedUrl(this.client, command, { expiresIn: options.seconds });
  }

  /** Rejects when the bucket cannot be reached with these settings (wrong name, credentials, endpoint); describeS3Error says why. */
  async checkBucket(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.location.bucket }));
  }

  /** Where the objects are, for logs: never the credentials. */
  describe(): { bucket: string; prefix: string; endpoint: string } {
    return { bucket: this.location.bucket, prefix: this.location.prefix, endpoint: this.location.endpoint ?? 'aws' };
  }

  close(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    assertMediaKey(key);
    return `${this.location.prefix}${key}`;
  }

  /** S3 answers a delete of nothing with success too, so retention may run twice. */
  private async deleteObject(objectKey: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: objectKey }));
  }

  /** Deletes a failed upload's staging object and throws `error`, which stays the one reported. */
  private async abandon(staging: string, error: unknown): Promise<never> {
    try {
      await this.deleteObject(staging);
    } catch (cleanup) {
      if (error instanceof Error && error.cause === undefined) error.cause = cleanup;
    }
    throw error;
  }

  private async hashObject(objectKey: string): Promise<{ sha256: string; bytes: number }> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: objectKey }));
    if (!(answer.Body instanceof Readable)) throw new Error('the media bucket answered without a body');
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of answer.Body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      hash.update(chunk);
    }
    return { sha256: hash.digest('hex'), bytes };
  }
}

/** CopyObject's source, `bucket/key`, URL-encoded a folder at a time. */
function copySource(bucket: string, objectKey: string): string {
  return `${bucket}/${objectKey.split('/').map(encodeURIComponent).join('/')}`;
}

/** Socket errors that mean the endpoint was never reached, or dropped the connection. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const ACCESS_DENIED = new Set(['AccessDenied', 'Forbidden', 'InvalidAccessKeyId', 'SignatureDoesNotMatch']);

/**
 * What went wrong with a bucket's request, in words an operator acts on, for logs and the CLI;
 * `where` is S3MediaStore.describe(). The words it adds never hold a credential; an answer it does
 * not know (say a 500) is quoted by S3's code and message, which name no key.
 *
 * A 404 without a code is taken for the bucket: it is HEAD's answer (no body), and the only HEAD
 * whose 404 the store lets through is HeadBucket (size() turns HeadObject's into null).
 */
export function describeS3Error(error: unknown, where: { bucket: string; endpoint: string }): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  if ((typeof code === 'string' && CONNECTION_CODES.has(code)) || error.name === 'TimeoutError') {
    const endpoint = where.endpoint === 'aws' ? 'the AWS S3 endpoint' : where.endpoint;
    return `cannot connect to ${endpoint}: ${typeof code === 'string' ? code : 'ETIMEDOUT'}`;
  }
  if (error.name === 'CredentialsProviderError') {
    return 'no S3 credentials: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or give the AWS SDK its default ones (AWS_* variables, a profile, an instance role)';
  }
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  if (status === 403 || ACCESS_DENIED.has(error.name)) return "access denied (403): check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY and the bucket's policy";
  if (error.name === 'NoSuchKey') return 'no such object in the bucket (404)';
  if (error.name === 'NoSuchBucket' || status === 404) return `no such bucket ${where.bucket} (404)`;
  // HEAD answers carry no body: the SDK then names the error 'Unknown' with 'UnknownError'.
  const said = error.message === 'UnknownError' ? '' : `: ${error.message}`;
  if (status !== undefined) return `the bucket answered ${status} ${error.name}${said}`;
  return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
}

function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404;
}
