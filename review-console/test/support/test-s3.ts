import type { TestS3Server } from '@wardwatch/devkit';
import { S3MediaStore, type S3MediaLocation } from '../../src/media/s3-media-store.js';

/** The bucket of a test's own s3rver, under `prefix` (folders ending in `/`, or empty). */
export function s3Location(server: TestS3Server, prefix = ''): S3MediaLocation {
  return { bucket: server.bucket, prefix, endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey } };
}

export function s3MediaStore(server: TestS3Server, prefix = ''): S3MediaStore {
  return new S3MediaStore(s3Location(server, prefix));
}

/** The settings that put a spawned console's evidence in that bucket, as an operator writes them. */
export function s3MediaEnv(server: TestS3Server, prefix = ''): NodeJS.ProcessEnv {
  return { WARDWATCH_MEDIA_URL: server.url(prefix.replace(/\/$/, '')), S3_ENDPOINT: server.endpoint, S3_ACCESS_KEY_ID: server.accessKeyId, S3_SECRET_ACCESS_KEY: server.secretAccessKey };
}
