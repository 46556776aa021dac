import { createHash } from 'node:crypto';
import { createServer, request } from 'node:http';
import { Readable, Transform } from 'node:stream';
import { ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { generateUuidV7, mediaUri } from '@wardwatch/contracts';
import { freePort, startS3Server, type TestS3Server } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayloadTooLarge } from '../src/domain/errors.js';
import { describeS3Error, S3MediaStore } from '../src/media/s3-media-store.js';
import { readLimited } from '../src/media/read-limited.js';
import { realClip } from './support/evidence.js';
import { s3Location, s3MediaStore } from './support/test-s3.js';

/*
 * The S3 media store against a real (emulated) S3 server on loopback: s3rver, started per file.
 * What s3rver does not check (signatures, checksum headers, aborting multipart uploads) is in
 * devkit/src/s3-server.ts.
 */
const PREFIX = 'ward-site/';

/** A body arriving in pieces, as an HTTP upload does, so the store sees a stream and not one buffer. */
function streamOf(bytes: Buffer, piece = 64 * 1024): Readable {
  return Readable.from((function* () {
    for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
  })());
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Bytes that differ all along, so a misplaced part or range cannot match by chance. */
function patterned(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i ^ (i >>> 8) ^ (i >>> 16)) & 0xff;
  return bytes;
}

/**
 * An HTTP proxy in front of the S3 server that flips one bit of every upload it passes on, as a
 * bad disk or network card would: what the store sent is not what the bucket keeps.
 */
async function corruptingProxy(target: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const server = createServer((req, res) => {
    const upstream = request({ hostname, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => res.destroy(error));
    let flipped = req.method !== 'PUT';
    const flipOne = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (flipped || chunk.length === 0) return callback(null, chunk);
        flipped = true;
        const copy = Buffer.from(chunk);
        copy[0]! ^= 1;
        callback(null, copy);
      },
    });
    req.pipe(flipOne).pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    endpoint: `http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('evidence in an S3 bucket', () => {
  let server: TestS3Server;
  let store: S3MediaStore;
  let inspector: S3Client;

  /** Every object under the store's prefix, as the bucket lists it. */
  const stored = async () => {
    const listing = await inspector.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: PREFIX }));
    return (listing.Contents ?? []).map((object) => object.Key!.slice(PREFIX.length)).sort();
  };

  beforeAll(async () => {
    server = await startS3Server({ bucket: 'wardwatch-evidence' });
    store = s3MediaStore(server, PREFIX);
    const location = s3Location(server);
    inspector = new S3Client({ endpoint: location.endpoint, region: location.region, forcePathStyle: true, credentials: location.credentials });
  }, 30_000);

  afterAll(async () => {
    store?.close();
    inspector?.destroy();
    await server?.stop();
  });

  it('a committed clip reads back whole and by byte range under its key, with the sha256 of its bytes and no staging object left', async () => {
    const clip = realClip();
    const key = mediaUri(generateUuidV7(), 'clip');
    const staged = await store.stage(streamOf(clip.bytes), clip.bytes.length);
    expect(staged).toMatchObject({ sha256: clip.sha256, bytes: clip.bytes.length });
    expect(await store.size(key)).toBeNull();
    await staged.commit(key);

    expect(await store.size(key)).toBe(clip.bytes.length);
    expect((await readLimited(store.read(key), Infinity)).equals(clip.bytes)).toBe(true);
    const last = clip.bytes.length - 1;
    // Not `bytes=0-0`: s3rver takes an end of 0 for no end (S3 does not), which read() refuses as the wrong length.
    for (const [start, end] of [[0, 9], [100, 1_123], [last - 499, last]] as const) {
      const part = await readLimited(store.read(key, { start, end }), Infinity);
      expect(part.equals(clip.bytes.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
    expect(await stored()).toEqual([key]);
    await store.delete(key);
  });

  it('a file of several parts goes up as a multipart upload and comes back whole and by range', async () => {
    // Two full 5 MiB parts and a short last one.
    const bytes = patterned(12 * 1024 * 1024 + 12_345);
    const key = mediaUri(generateUuidV7(), 'clip');
    const staged = await store.stage(streamOf(bytes), bytes.length);
    expect(staged.sha256).toBe(sha256(bytes));
    expect(staged.bytes).toBe(bytes.length);
    await staged.commit(key);
    expect(await store.size(key)).toBe(bytes.length);
    expect(sha256(await readLimited(store.read(key), Infinity))).toBe(sha256(bytes));
    // Across the boundary of the first two parts.
    const start = 5 * 1024 * 1024 - 10;
    const part = await readLimited(store.read(key, { start, end: start + 19 }), Infinity);
    expect(part.equals(bytes.subarray(start, start + 20))).toBe(true);
    await store.delete(key);
    expect(await stored()).toEqual([]);
  });

  it('past maxBytes the upload is refused with PayloadTooLarge and leaves no object behind, in one part or several', async () => {
    await expect(store.stage(streamOf(patterned(5_000), 1_000), 4_096)).rejects.toBeInstanceOf(PayloadTooLarge);
    // Past the first part: a multipart upload had begun (s3rver cannot abort one; S3 would).
    await expect(store.stage(streamOf(patterned(8 * 1024 * 1024)), 6 * 1024 * 1024)).rejects.toBeInstanceOf(PayloadTooLarge);
    expect(await stored()).toEqual([]);
  });

  it('bytes the bucket keeps otherwise than they were received fail the hash check, and nothing is kept', async () => {
    const proxy = await corruptingProxy(server.endpoint);
    const corrupted = new S3MediaStore({ ...s3Location(server, PREFIX), endpoint: proxy.endpoint });
    try {
      await expect(corrupted.stage(streamOf(patterned(50_000)), 1_000_000)).rejects.toThrow(/do not hash to what was received/);
    } finally {
      corrupted.close();
      await proxy.close();
    }
    expect(await stored()).toEqual([]);
  });

  it('a discarded upload leaves nothing, and its key stays empty', async () => {
    const staged = await store.stage(streamOf(patterned(10_000)), 1_000_000);
    expect(await stored()).toHaveLength(1);
    await staged.discard();
    expect(await stored()).toEqual([]);
  });

  it('a body that fails half-way fails the upload with its own error and leaves nothing', async () => {
    const broken = new Readable({ read() {} });
    broken.push(patterned(10_000));
    setImmediate(() => broken.destroy(new Error('the agent hung up')));
    await expect(store.stage(broken, 1_000_000)).rejects.toThrow('the agent hung up');
    expect(await stored()).toEqual([]);
  });

  it('committing again replaces the object whole, and deleting twice is no error', async () => {
    const key = mediaUri(generateUuidV7(), 'snapshot');
    const first = patterned(3_000);
    const second = Buffer.from('a different snapshot');
    await (await store.stage(streamOf(first), 1_000_000)).commit(key);
    await (await store.stage(streamOf(second), 1_000_000)).commit(key);
    expect((await readLimited(store.read(key), Infinity)).equals(second)).toBe(true);
    await store.delete(key);
    await store.delete(key);
    await store.delete(mediaUri(generateUuidV7(), 'clip'));
    expect(await store.size(key)).toBeNull();
    expect(await stored()).toEqual([]);
  });

  it('reading a key with nothing stored errors the stream rather than ending it empty', async () => {
    const missing = store.read(mediaUri(generateUuidV7(), 'clip'));
    await expect(readLimited(missing, Infinity)).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('refuses keys that are not media URIs before asking the bucket', async () => {
    const staged = await store.stage(streamOf(Buffer.from('x')), 10);
    for (const key of ['../secret-key', 'media/not-a-uuid/clip', `media/${generateUuidV7()}/clip/../../x`, `${PREFIX}media/${generateUuidV7()}/clip`]) {
      await expect(store.size(key), key).rejects.toThrow(/not a media key/);
      expect(() => store.read(key), key).toThrow(/not a media key/);
      await expect(store.delete(key), key).rejects.toThrow(/not a media key/);
      await expect(staged.commit(key), key).rejects.toThrow(/not a media key/);
    }
    await staged.discard();
    expect(await stored()).toEqual([]);
  });

  it('signs a short-lived URL that fetches the object straight from the bucket, ranges included', async () => {
    const clip = realClip();
    const key = mediaUri(generateUuidV7(), 'clip');
    await (await store.stage(streamOf(clip.bytes), clip.bytes.length)).commit(key);
    const url = await store.signedUrl(key, { seconds: 300, contentType: 'video/mp4' });
    expect(url).toContain('X-Amz-Expires=300');
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await whole.arrayBuffer()).equals(clip.bytes)).toBe(true);
    const part = await fetch(url, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(clip.bytes.subarray(10, 20))).toBe(true);
    expect(() => store.signedUrl(key, { seconds: 8 * 24 * 3600 })).toThrow(RangeError);
    await store.delete(key);
  });

  describe('says in plain words why the bucket refused, never quoting a credential', () => {
    const ACCESS_DENIED = "access denied (403): check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY and the bucket's policy";
    /** The error `act` rejects with, in the words describeS3Error gives it for `on`. */
    const described = async (on: S3MediaStore, act: (s: S3MediaStore) => Promise<unknown>) => {
      try {
        await act(on);
      } catch (error) {
        return describeS3Error(error, on.describe());
      } finally {
        on.close();
      }
      throw new Error('the bucket accepted the request');
    };
    // s3rver checks the key id, never the signature: a wrong secret would pass, so the id is wrong here.
    const wrongKey = () => new S3MediaStore({ ...s3Location(server, PREFIX), credentials: { accessKeyId: 'NOT-THE-KEY-ID', secretAccessKey: 'not-the-secret' } });
    const noBucket = () => new S3MediaStore({ ...s3Location(server, PREFIX), bucket: 'no-such-bucket' });

    it.each([
      ['a bucket that does not exist, checked (HEAD: no error code)', noBucket, (s: S3MediaStore) => s.checkBucket(), 'no such bucket no-such-bucket (404)'],
      ['a bucket that does not exist, written to (NoSuchBucket)', noBucket, (s: S3MediaStore) => s.stage(streamOf(Buffer.from('x')), 10), 'no such bucket no-such-bucket (404)'],
      ['an unknown access key id, checked (HEAD: no error code)', wrongKey, (s: S3MediaStore) => s.checkBucket(), ACCESS_DENIED],
      ['an unknown access key id, asking for a size', wrongKey, (s: S3MediaStore) => s.size(mediaUri(generateUuidV7(), 'clip')), ACCESS_DENIED],
      ['an unknown access key id, uploading (InvalidAccessKeyId)', wrongKey, (s: S3MediaStore) => s.stage(streamOf(Buffer.from('x')), 10), ACCESS_DENIED],
      ['a key with nothing stored, read (NoSuchKey)', () => s3MediaStore(server, PREFIX), (s: S3MediaStore) => readLimited(s.read(mediaUri(generateUuidV7(), 'clip')), Infinity), 'no such object in the bucket (404)'],
    ] as const)('%s', async (_case, open, act, words) => {
      const said = await described(open(), act);
      expect(said).toBe(words);
      expect(said).not.toContain('NOT-THE-KEY-ID');
      expect(said).not.toContain(server.secretAccessKey);
    });

    it('an endpoint where nothing listens is named with the socket error', async () => {
      const endpoint = `http://127.0.0.1:${await freePort()}`;
      const unreachable = new S3MediaStore({ ...s3Location(server, PREFIX), endpoint });
      expect(await described(unreachable, (s) => s.checkBucket())).toBe(`cannot connect to ${endpoint}: ECONNREFUSED`);
    });

    it('a timeout is a failure to connect; an answer it has no words for keeps S3\'s status, code and message', () => {
      const busy = new S3ServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'We encountered an internal error.' });
      expect(describeS3Error(busy, { bucket: 'b', endpoint: 'aws' })).toBe('the bucket answered 500 InternalError: We encountered an internal error.');
      const timeout = Object.assign(new Error('the request socket did not establish a connection'), { name: 'TimeoutError' });
      expect(describeS3Error(timeout, { bucket: 'b', endpoint: 'aws' })).toBe('cannot connect to the AWS S3 endpoint: ETIMEDOUT');
      expect(describeS3Error(new Error('disk on fire'), { bucket: 'b', endpoint: 'aws' })).toBe('disk on fire');
    });
  });
});
