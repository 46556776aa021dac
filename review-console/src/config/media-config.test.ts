import { describe, expect, it } from 'vitest';
import { loadConsoleConfig } from './console-config.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('where the console keeps evidence files', () => {
  it('unset, in the data folder; with an s3:// URL, in that bucket under its prefix', () => {
    const local = loadConsoleConfig({});
    expect(local.ok && local.config.media).toEqual({ kind: 'local' });

    const table: [NodeJS.ProcessEnv, object][] = [
      [{ WARDWATCH_MEDIA_URL: 's3://ward-evidence' }, { bucket: 'ward-evidence', prefix: '', endpoint: undefined, region: 'us-east-1', credentials: undefined }],
      [{ WARDWATCH_MEDIA_URL: 's3://ward-evidence/hanoi/hoan-kiem/', S3_REGION: 'ap-southeast-1' }, { bucket: 'ward-evidence', prefix: 'hanoi/hoan-kiem/', region: 'ap-southeast-1' }],
      [
        { WARDWATCH_MEDIA_URL: 's3://evidence.ward.lan/console', S3_ENDPOINT: 'http://minio.ward.lan:9000', S3_ACCESS_KEY_ID: 'console', S3_SECRET_ACCESS_KEY: SECRET },
        { bucket: 'evidence.ward.lan', prefix: 'console/', endpoint: 'http://minio.ward.lan:9000', credentials: { accessKeyId: 'console', secretAccessKey: SECRET } },
      ],
    ];
    for (const [env, media] of table) {
      const result = loadConsoleConfig(env);
      expect(result.ok ? result.config.media : result.errors, env.WARDWATCH_MEDIA_URL).toMatchObject({ kind: 's3', ...media });
    }
  });

  it('names every bad media setting at once, and never repeats a secret', () => {
    const result = loadConsoleConfig({
      WARDWATCH_MEDIA_URL: 'https://ward-evidence.s3.amazonaws.com',
      S3_ENDPOINT: `http://console:${SECRET}@minio.ward.lan:9000`,
      S3_ACCESS_KEY_ID: 'console',
    });
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual([
      expect.stringMatching(/^WARDWATCH_MEDIA_URL: must be s3:\/\/<bucket> or s3:\/\/<bucket>\/<prefix>/),
      expect.stringMatching(/^S3_ENDPOINT: must be http\(s\):\/\/host\[:port\], without credentials/),
      expect.stringMatching(/^S3_SECRET_ACCESS_KEY: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/),
    ]);
    expect(errors.join('\n')).not.toContain(SECRET);
  });

  it('refuses a prefix that climbs out of its folder and a bucket name S3 would refuse', () => {
    for (const url of ['s3://ward-evidence/../other', 's3://ward-evidence/a//b', 's3://Ward_Evidence', 's3://ab', 's3://']) {
      const result = loadConsoleConfig({ WARDWATCH_MEDIA_URL: url });
      expect(result.ok ? [] : result.errors, url).toEqual([expect.stringMatching(/^WARDWATCH_MEDIA_URL: must be s3:\/\//)]);
    }
  });

  it('S3 settings without WARDWATCH_MEDIA_URL are a half-done move to S3, not silently ignored', () => {
    const result = loadConsoleConfig({ S3_ENDPOINT: 'http://minio.ward.lan:9000', S3_SECRET_ACCESS_KEY: SECRET });
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual([
      expect.stringMatching(/^S3_ENDPOINT: only read with WARDWATCH_MEDIA_URL=s3:\/\/<bucket>/),
      expect.stringMatching(/^S3_SECRET_ACCESS_KEY: only read with WARDWATCH_MEDIA_URL=s3:\/\/<bucket>/),
    ]);
    expect(errors.join('\n')).not.toContain(SECRET);
  });
});
