import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import { ProcessGroup } from './stack/process-group.js';

/** A throwaway S3 server and the one bucket it was started with. */
export interface TestS3Server {
  /** `http://127.0.0.1:<port>`: path-style addressing only. */
  endpoint: string;
  bucket: string;
  /** The only key pair s3rver knows; it checks the key id, never the signature. */
  accessKeyId: string;
  secretAccessKey: string;
  /** `s3://<bucket>` with `/<prefix>` when given: what WARDWATCH_MEDIA_URL takes. */
  url(prefix?: string): string;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its files. */
  stop(): Promise<void>;
}

/** s3rver's built-in account (lib/models/account.js); any other key id is refused. */
const S3RVER_KEY = 'S3RVER';

/**
 * Starts s3rver (a small S3 emulator on the filesystem) on a free loopback port with `bucket`
 * made, its objects in a temp folder that stop() removes. A child process rather than in this one:
 * s3rver hooks winston into the process's uncaught-exception handling, which a test runner owns.
 *
 * It speaks enough S3 for an object store's adapter (PUT, GET with Range, HEAD, DELETE, CopyObject,
 * multipart create/part/complete, ListObjects) but it is not S3: signatures are parsed and never
 * verified, checksum headers are ignored, aws-chunked bodies are not decoded, AbortMultipartUpload
 * and ListMultipartUploads are refused, and there is no versioning, conditional write, lifecycle
 * or replication.
 */
export async function startS3Server(options: { bucket: string }): Promise<TestS3Server> {
  const dir = mkdtempSync(join(tmpdir(), 'ww-s3rver-'));
  // s3rver's own command, less a race that ends the server under parallel uploads (see the file).
  const bin = join(repoRoot(), 'devkit', 's3rver', 's3rver-no-prune.cjs');
  // Port 0 and the port read from its banner: nothing can take the port between choosing and binding.
  const args = [bin, '--directory', dir, '--address', '127.0.0.1', '--port', '0', '--silent', '--no-vhost-buckets', '--configure-bucket', options.bucket];
  const server = new ProcessGroup().start('s3rver', process.execPath, args);
  try {
    const banner = await server.waitForLine(/S3rver listening on [\d.]+:\d+/, 15_000);
    const port = /:(\d+)\s*$/.exec(banner)?.[1];
    if (!port) throw new Error(`s3rver: no port in ${JSON.stringify(banner)}`);
    const endpoint = `http://127.0.0.1:${port}`;
    let stopping = false;
    // A server that dies under a test makes every later request "connection refused": say why.
    void server.exited.then((code) => {
      if (!stopping) process.stderr.write(`s3rver on ${endpoint} exited unexpectedly (code ${code}, signal ${server.child.signalCode}). Last output:\n${server.tail()}\n`);
    });
    return {
      endpoint,
      bucket: options.bucket,
      accessKeyId: S3RVER_KEY,
      secretAccessKey: S3RVER_KEY,
      url: (prefix) => `s3://${options.bucket}${prefix ? `/${prefix}` : ''}`,
      async stop() {
        stopping = true;
        await ProcessGroup.stopOne(server, 5_000);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    server.child.kill('SIGKILL');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
