import { describe, expect, it } from 'vitest';
import { parseS3MediaLocation } from './console-config.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('a bucket named on the command line (media migrate --to), with the S3 settings beside it', () => {
  it('reads the URL and the S3_* settings as WARDWATCH_MEDIA_URL would be read, and nothing else', () => {
    const env = { S3_ENDPOINT: 'http://minio.ward.lan:9000', S3_ACCESS_KEY_ID: 'console', S3_SECRET_ACCESS_KEY: SECRET, WARDWATCH_MEDIA_URL: 's3://somewhere-else', PORT: 'not a port' };
    expect(parseS3MediaLocation('s3://ward-evidence/hanoi/hoan-kiem', env, '--to')).toEqual({
      ok: true,
      location: { bucket: 'ward-evidence', prefix: 'hanoi/hoan-kiem/', endpoint: 'http://minio.ward.lan:9000', region: 'us-east-1', credentials: { accessKeyId: 'console', secretAccessKey: SECRET } },
    });
    expect(parseS3MediaLocation('s3://ward-evidence', {}, '--to')).toEqual({ ok: true, location: { bucket: 'ward-evidence', prefix: '', endpoint: undefined, region: 'us-east-1', credentials: undefined } });
  });

  it('names every problem at once, the URL by the name it was given, and never a secret', () => {
    const result = parseS3MediaLocation('s3://ward-evidence/../other', { S3_ENDPOINT: `http://console:${SECRET}@minio.ward.lan:9000`, S3_SECRET_ACCESS_KEY: SECRET }, '--to');
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual([
      expect.stringMatching(/^--to: must be s3:\/\/<bucket> or s3:\/\/<bucket>\/<prefix>/),
      expect.stringMatching(/^S3_ENDPOINT: must be http\(s\):\/\/host\[:port\], without credentials/),
      expect.stringMatching(/^S3_ACCESS_KEY_ID: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/),
    ]);
    expect(errors.join('\n')).not.toContain(SECRET);
  });
});
